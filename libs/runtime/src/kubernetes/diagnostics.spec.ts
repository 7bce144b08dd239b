import { describeColor } from './diagnostics';
import { deployment, event, pod } from './testing/objects';

describe('describeColor', () => {
  const crashing = pod('shop-green-abc-1', {
    ip: '10.0.0.1',
    containers: [
      {
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: new Date('2025-03-01T10:00:02.000Z') } },
      },
    ],
  });
  const events = Array.from({ length: 60 }, (_, i) => ({
    ...event('shop-green-abc-1', 'BackOff', `back-off ${i}`),
    lastTimestamp: new Date(Date.UTC(2025, 2, 1, 10, 0, i)),
  })).reverse();
  const details = describeColor('cutover-shop', { deployment: deployment(), replicaSets: [], pods: [crashing], events }, [
    { pod: 'shop-green-abc-1', container: 'shop', unavailable: 'cannot read logs: the node has no kubelet (HTTP 500)' },
  ]);

  it('gives each pod\'s containers with their state, last state and restart count', () => {
    expect(details.pods).toEqual([
      {
        name: 'shop-green-abc-1',
        phase: 'Running',
        ready: false,
        node: 'kwok-node-0',
        ip: '10.0.0.1',
        version: null,
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
        containers: [
          {
            name: 'shop',
            ready: false,
            restartCount: 4,
            state: 'waiting: CrashLoopBackOff (back-off 40s)',
            lastState: 'terminated with code 1 (Error) at 2025-03-01T10:00:02.000Z',
          },
        ],
      },
    ]);
  });

  it('keeps the 50 most recent events, oldest first', () => {
    expect(details.events).toHaveLength(50);
    expect(details.events[0]).toEqual({
      type: 'Warning',
      reason: 'BackOff',
      object: 'Pod/shop-green-abc-1',
      message: 'back-off 10',
      count: 1,
      lastSeen: '2025-03-01T10:00:10.000Z',
    });
    expect(details.events.at(-1)!.message).toBe('back-off 59');
  });

  it('reports the rollout status and says when logs are unavailable', () => {
    expect(details.runtime).toBe('kubernetes');
    expect(details.deployment).toMatchObject({ name: 'shop-green', generation: 1, observedGeneration: 1, replicas: 2, availableReplicas: 0 });
    expect(details.logs).toEqual([{ pod: 'shop-green-abc-1', container: 'shop', unavailable: expect.stringContaining('no kubelet') }]);
  });
});
