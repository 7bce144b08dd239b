import type { RoutingState } from '@cutover/contracts';
import { HISTORY_LIMIT, recordSwitch } from './routing-record';

const at = new Date('2026-03-01T10:00:00.000Z');
const cmd = { service: 'shop', toColor: 'green' as const, expectedColor: 'blue' as const, deploymentId: 'shop-abc123', reason: 'release 1.1.0' };

describe('recordSwitch', () => {
  it('starts a record for a service routed for the first time', () => {
    expect(recordSwitch(null, { ...cmd, expectedColor: null }, { fromColor: null, version: '1.1.0', at })).toEqual({
      service: 'shop',
      liveColor: 'green',
      liveVersion: '1.1.0',
      updatedAt: '2026-03-01T10:00:00.000Z',
      history: [
        { at: '2026-03-01T10:00:00.000Z', fromColor: null, toColor: 'green', version: '1.1.0', deploymentId: 'shop-abc123', reason: 'release 1.1.0' },
      ],
    });
  });

  it('leaves deploymentId out of a manual switch entry', () => {
    const state = recordSwitch(null, { ...cmd, deploymentId: undefined }, { fromColor: 'blue', version: null, at });
    expect(state.history[0]).not.toHaveProperty('deploymentId');
  });

  it(`keeps the newest ${HISTORY_LIMIT} entries`, () => {
    let state: RoutingState | null = null;
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      state = recordSwitch(state, { ...cmd, reason: `switch ${i}` }, { fromColor: 'blue', version: '1.1.0', at });
    }
    expect(state!.history).toHaveLength(HISTORY_LIMIT);
    expect(state!.history[0]!.reason).toBe('switch 5');
    expect(state!.history.at(-1)!.reason).toBe(`switch ${HISTORY_LIMIT + 4}`);
  });
});
