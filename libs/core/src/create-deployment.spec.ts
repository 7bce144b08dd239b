import { DEFAULT_POLICY } from './policy';
import { ManualClock } from './clock';
import { createDeployment } from './create-deployment';
import { Reasons } from './reasons';
import { valid } from '../test/fixtures';

describe('createDeployment', () => {
  const clock = new ManualClock('2025-01-01T00:00:00.000Z');
  const release = {
    service: 'checkout',
    version: '1.1.0',
    image: 'registry/checkout:1.1.0',
    env: { FAULT: 'none' },
    metadata: { commit: 'abc123' },
  };

  it('aims a release at the idle color and remembers what was live', () => {
    const record = valid(createDeployment({ id: 'checkout-00abcdef1', release, live: { color: 'green', version: '1.0.0' }, policy: DEFAULT_POLICY, now: clock.now() }));
    expect(record).toMatchObject({
      id: 'checkout-00abcdef1',
      service: 'checkout',
      version: '1.1.0',
      image: 'registry/checkout:1.1.0',
      env: { FAULT: 'none' },
      metadata: { commit: 'abc123' },
      fromColor: 'green',
      fromVersion: '1.0.0',
      toColor: 'blue',
      phase: 'Requested',
      reason: Reasons.ReleaseAccepted,
      verifyPasses: 0,
      createdAt: '2025-01-01T00:00:00.000Z',
      phaseStartedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(record.history).toEqual([{ phase: 'Requested', at: '2025-01-01T00:00:00.000Z', reason: Reasons.ReleaseAccepted }]);
    expect(record.message).toContain('blue gets it while green (1.0.0) keeps serving');
  });

  it('sends the first release of a service to blue, from nothing', () => {
    const record = valid(createDeployment({ id: 'checkout-00abcdef1', release: { service: 'checkout', version: '1.0.0' }, live: null, policy: DEFAULT_POLICY, now: clock.now() }));
    expect(record).toMatchObject({ fromColor: null, fromVersion: null, toColor: 'blue', env: {} });
    expect(record).not.toHaveProperty('image');
    expect(record).not.toHaveProperty('metadata');
    expect(record.message).toContain('first release');
  });

  it('accepts a live color whose version is unknown', () => {
    const record = valid(createDeployment({ id: 'checkout-00abcdef1', release, live: { color: 'blue', version: null }, policy: DEFAULT_POLICY, now: clock.now() }));
    expect(record).toMatchObject({ fromColor: 'blue', fromVersion: null, toColor: 'green' });
  });
});
