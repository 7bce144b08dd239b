import type { SwitchCommand } from '@cutover/contracts';
import { FailedSwitches } from './failed-switches';

const cmd = (over: Partial<SwitchCommand> = {}): SwitchCommand => ({
  service: 'shop',
  toColor: 'green',
  expectedColor: 'blue',
  deploymentId: 'shop-abc123',
  reason: 'release 1.1.0',
  ...over,
});
const failure = { ok: false, fromColor: 'blue' as const, code: 'router_error', error: 'cannot apply Service: gave up' };

describe('FailedSwitches', () => {
  let now = 0;
  const clock = { now: () => new Date(now) };

  beforeEach(() => (now = 1_000_000));

  it('answers a repeat of a failed switch with its failure, until it is forgotten', () => {
    const failed = new FailedSwitches(60_000, clock);
    failed.remember(cmd(), failure);
    now += 60_000;
    expect(failed.find(cmd())).toEqual(failure);
    now += 1;
    expect(failed.find(cmd())).toBeNull();
  });

  it('is about one command of one deployment: target, expected color and reason', () => {
    const failed = new FailedSwitches(60_000, clock);
    failed.remember(cmd(), failure);
    expect(failed.find(cmd({ deploymentId: 'shop-def456' }))).toBeNull();
    expect(failed.find(cmd({ toColor: 'blue', expectedColor: 'green' }))).toBeNull();
    expect(failed.find(cmd({ expectedColor: null }))).toBeNull();
    expect(failed.find(cmd({ service: 'cart' }))).toBeNull();
    expect(failed.find(cmd({ reason: 'rollback of shop-abc123: asked by an operator' }))).toBeNull();
  });

  it('remembers nothing of a command without a deployment: an operator\'s retry is carried out', () => {
    const failed = new FailedSwitches(60_000, clock);
    const manual: SwitchCommand = { service: 'shop', toColor: 'green', expectedColor: 'blue', reason: 'switched by hand' };
    failed.remember(manual, failure);
    expect(failed.find(manual)).toBeNull();
  });
});
