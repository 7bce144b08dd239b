import type { Lease } from '@cutover/contracts';
import type { KvEntry } from '../api';
import { leaseStep, observe } from './lease-step';

const entry = (holder: string, revision: number): KvEntry<Lease> => ({ key: 'health-monitor', revision, value: { name: 'health-monitor', holder, renewedAt: '2026-01-01T00:00:00.000Z' } } as KvEntry<Lease>);
const TTL = 3000;

describe('leaseStep', () => {
  it('creates a lease nobody holds', () => {
    expect(leaseStep('a', null, null, 0, TTL)).toEqual({ kind: 'create' });
  });

  it('renews its own lease, also after a restart under the same name', () => {
    expect(leaseStep('a', entry('a', 7), null, 0, TTL)).toEqual({ kind: 'renew', revision: 7 });
  });

  it('waits while the holder keeps renewing, however long that goes on', () => {
    let seen = observe(entry('b', 1), null, 0);
    for (let t = 1000, rev = 2; t < 20_000; t += 1000, rev++) {
      seen = observe(entry('b', rev), seen, t);
      expect(leaseStep('a', entry('b', rev), seen, t, TTL)).toEqual({ kind: 'wait' });
    }
  });

  it('takes over once the entry stood still for the time to live, measured on its own clock', () => {
    const seen = observe(entry('b', 4), null, 10_000);
    expect(leaseStep('a', entry('b', 4), seen, 12_999, TTL)).toEqual({ kind: 'wait' });
    expect(leaseStep('a', entry('b', 4), seen, 13_000, TTL)).toEqual({ kind: 'takeOver', revision: 4 });
  });

  it('restarts its wait when the entry moved', () => {
    const seen = observe(entry('b', 5), observe(entry('b', 4), null, 0), 2900);
    expect(seen).toEqual({ revision: 5, sinceMs: 2900 });
    expect(leaseStep('a', entry('b', 5), seen, 3000, TTL)).toEqual({ kind: 'wait' });
  });
});
