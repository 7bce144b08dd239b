import { InvalidSubjectTokenError } from './errors';
import { subjects } from './subjects';

describe('subjects', () => {
  it('builds every subject from the cutover prefix', () => {
    expect(subjects.release()).toBe('cutover.cmd.release');
    expect(subjects.deploymentEvent('checkout')).toBe('cutover.evt.deployment.checkout');
    expect(subjects.healthSnapshot('checkout', 'green')).toBe('cutover.health.snapshot.checkout.green');
  });

  it.each(['*', '>', 'a.b', 'UPPER', '', '-x', 'x'.repeat(64)])('refuses the service name %p', (name) => {
    expect(() => subjects.deploymentEvent(name)).toThrow(InvalidSubjectTokenError);
  });
});
