import type { EnvironmentState, RoutingState, SwitchCommand } from '@cutover/contracts';
import { decideSwitch } from './switch-decision';

const cmd = (over: Partial<SwitchCommand> = {}): SwitchCommand => ({
  service: 'shop',
  toColor: 'green',
  expectedColor: 'blue',
  deploymentId: 'shop-abc123',
  reason: 'release 1.1.0',
  ...over,
});

const routing = (liveColor: RoutingState['liveColor'], history: RoutingState['history'] = []): RoutingState => ({
  service: 'shop',
  liveColor,
  liveVersion: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  history,
});

const env = (over: Partial<EnvironmentState> = {}): EnvironmentState => ({
  service: 'shop',
  color: 'green',
  version: '1.1.0',
  specHash: 'h',
  status: 'ready',
  reason: 'Ready',
  message: '',
  endpoints: [{ host: '127.0.0.1', port: 4001 }],
  exits: [],
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const entry = (deploymentId?: string) => ({
  at: '2026-01-01T00:00:00.000Z',
  fromColor: 'blue' as const,
  toColor: 'green' as const,
  version: '1.1.0',
  ...(deploymentId ? { deploymentId } : {}),
  reason: 'release',
});

describe('decideSwitch', () => {
  it('switches when the expected color is live and the target is ready', () => {
    expect(decideSwitch(cmd(), routing('blue'), env())).toEqual({ kind: 'switch', fromColor: 'blue', target: env() });
  });

  it('switches a service nobody routed yet when null was expected', () => {
    expect(decideSwitch(cmd({ expectedColor: null }), null, env())).toMatchObject({ kind: 'switch', fromColor: null });
  });

  it('refuses when another color is live than expected', () => {
    const d = decideSwitch(cmd({ expectedColor: 'green', toColor: 'blue' }), routing('blue'), env({ color: 'blue' }));
    expect(d).toMatchObject({ kind: 'refuse', code: 'stale_expected_color', fromColor: 'blue' });
  });

  it('refuses when nothing is routed but a color was expected', () => {
    expect(decideSwitch(cmd(), null, env())).toMatchObject({ kind: 'refuse', code: 'stale_expected_color', fromColor: null });
  });

  it('treats its own earlier switch for the same deployment as done, with the original from-color', () => {
    const d = decideSwitch(cmd(), routing('green', [entry('shop-abc123')]), env({ status: 'stopped', endpoints: [] }));
    expect(d).toEqual({ kind: 'already_done', fromColor: 'blue' });
  });

  it('does not treat a switch of another deployment to the same color as its own', () => {
    const d = decideSwitch(cmd(), routing('green', [entry('shop-zzz999')]), env());
    expect(d).toMatchObject({ kind: 'refuse', code: 'stale_expected_color', fromColor: 'green' });
  });

  it('is done at once when it asks for the color that is live and expected', () => {
    expect(decideSwitch(cmd({ expectedColor: 'green' }), routing('green'), env())).toEqual({ kind: 'already_done', fromColor: 'green' });
  });

  it.each([
    ['unknown', null],
    ['starting', env({ status: 'starting' })],
    ['failed', env({ status: 'failed' })],
    ['ready without endpoints', env({ endpoints: [] })],
  ])('refuses a target environment that is %s', (_what, target) => {
    expect(decideSwitch(cmd(), routing('blue'), target)).toMatchObject({ kind: 'refuse', code: 'environment_not_ready' });
  });
});
