// Span attribute names shared by every Cutover span, so a trace can be filtered the same way
// whichever service recorded the span.
import type { Attributes } from '@opentelemetry/api';

export const ATTR = {
  service: 'cutover.service',
  color: 'cutover.color',
  version: 'cutover.version',
  deploymentId: 'cutover.deployment_id',
  phase: 'cutover.phase',
} as const;

export interface SpanSubject {
  service: string;
  color?: string | null;
  version?: string | null;
  deploymentId?: string | null;
}

export function cutoverAttributes(s: SpanSubject): Attributes {
  const out: Attributes = { [ATTR.service]: s.service };
  if (s.color) out[ATTR.color] = s.color;
  if (s.version) out[ATTR.version] = s.version;
  if (s.deploymentId) out[ATTR.deploymentId] = s.deploymentId;
  return out;
}
