// The deployment's own spans, recorded by whoever writes a phase change (the orchestrator,
// or the rollback service for RollingBack and RolledBack): the phase that just ended, from
// its history entry to the next one, and at the first terminal phase the root "deployment"
// span from creation to the end, under the ids every other span already points at.
import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { isTerminal, type DeploymentRecord, type Phase } from '@cutover/contracts';
import { ATTR, cutoverAttributes } from './attributes';
import { deploymentContext, deploymentSpanIds } from './deployment-trace';
import { spanIds } from './pinnable-ids';
import { recordSpan, tracer } from './spans';

const UNSUCCESSFUL: readonly Phase[] = ['Failed', 'RolledBack', 'Aborted'];

export function recordPhaseChange(record: DeploymentRecord): void {
  const { history } = record;
  const ended = history.at(-2);
  const entered = history.at(-1);
  if (!ended || !entered) return;
  const attributes = cutoverAttributes({ service: record.service, color: record.toColor, version: record.version, deploymentId: record.id });
  recordSpan(`phase ${ended.phase}`, {
    start: new Date(ended.at),
    end: new Date(entered.at),
    attributes: { ...attributes, [ATTR.phase]: ended.phase, 'cutover.phase.next': entered.phase, 'cutover.reason': entered.reason },
    parent: deploymentContext(record.id),
  });
  const firstEnd = isTerminal(entered.phase) && !history.slice(0, -1).some((h) => isTerminal(h.phase));
  if (firstEnd) recordRoot(record, attributes, entered.phase, entered.at);
}

function recordRoot(record: DeploymentRecord, attributes: Attributes, outcome: Phase, at: string): void {
  const span = spanIds.pin(deploymentSpanIds(record.id), () =>
    tracer().startSpan('deployment', {
      root: true,
      startTime: new Date(record.history[0]!.at),
      attributes: { ...attributes, [ATTR.phase]: outcome, 'cutover.from_color': record.fromColor ?? '', 'cutover.from_version': record.fromVersion ?? '' },
    }),
  );
  if (UNSUCCESSFUL.includes(outcome)) span.setStatus({ code: SpanStatusCode.ERROR, message: record.message });
  span.end(new Date(at));
}
