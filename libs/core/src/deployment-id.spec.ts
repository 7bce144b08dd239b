import { DeploymentIdSchema, InvalidSubjectTokenError, validate } from '@cutover/contracts';
import { newDeploymentId } from './deployment-id';

describe('newDeploymentId', () => {
  const at = new Date('2025-06-01T12:00:00.000Z');

  it('is <service>-<base36 time><random> and matches the contract', () => {
    const id = newDeploymentId('checkout', at, '3F2A9C1D-77aa');
    expect(id).toBe(`checkout-${at.getTime().toString(36).padStart(9, '0')}3f2a9c1d77aa`);
    expect(validate(DeploymentIdSchema, id, 'id')).toBe(id);
  });

  it('is deterministic, so a redelivered command maps to the same deployment', () => {
    expect(newDeploymentId('checkout', at, 'abc123')).toBe(newDeploymentId('checkout', new Date(at), 'abc123'));
    expect(newDeploymentId('checkout', at, 'abc123')).not.toBe(newDeploymentId('checkout', at, 'abc124'));
  });

  it('sorts by creation time', () => {
    const earlier = newDeploymentId('checkout', new Date('2024-12-31T23:59:59.999Z'), 'ffff');
    const later = newDeploymentId('checkout', at, '0000');
    expect(earlier < later).toBe(true);
  });

  it('stays valid with a long service name and a long or empty random part', () => {
    const service = 'a'.repeat(63);
    for (const random of ['', 'x'.repeat(200)]) {
      expect(() => validate(DeploymentIdSchema, newDeploymentId(service, at, random), 'id')).not.toThrow();
    }
  });

  it('refuses a service name that is not a valid subject token', () => {
    expect(() => newDeploymentId('Check.Out', at, 'abc')).toThrow(InvalidSubjectTokenError);
  });
});
