// The span of one switch: what was asked, and how it ended (a refusal is an outcome, not an
// exception, so it is marked on the span rather than thrown through it).
import type { SwitchCommand, SwitchResult } from '@cutover/contracts';
import { cutoverAttributes, deploymentParent, inSpan, markFailed } from '@cutover/tracing';

type Outcome = Pick<SwitchResult, 'ok' | 'fromColor' | 'code' | 'error'>;

export function tracedSwitch<O extends Outcome>(cmd: SwitchCommand, run: () => Promise<O>): Promise<O> {
  const attributes = {
    ...cutoverAttributes({ service: cmd.service, color: cmd.toColor, deploymentId: cmd.deploymentId }),
    'cutover.switch.expected_color': cmd.expectedColor ?? '',
    'cutover.switch.reason': cmd.reason,
  };
  return inSpan(
    'switch',
    attributes,
    async (span) => {
      const outcome = await run();
      span.setAttributes({ 'cutover.switch.ok': outcome.ok, 'cutover.switch.from_color': outcome.fromColor ?? '' });
      if (!outcome.ok) markFailed(span, `${outcome.code ?? 'refused'}: ${outcome.error ?? ''}`);
      return outcome;
    },
    deploymentParent(cmd.deploymentId),
  );
}
