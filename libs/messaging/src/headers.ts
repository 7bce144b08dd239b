import { headers, type MsgHdrs } from 'nats';
import { outgoingTraceHeaders } from '@cutover/tracing';

export function headersOf(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of h?.keys() ?? []) out[k] = h!.values(k).join(', ');
  return out;
}

/** Headers for a message sent now: the W3C trace context, when there is one to carry. */
export function outgoingHeaders(deploymentId: string | undefined): MsgHdrs | undefined {
  const trace = Object.entries(outgoingTraceHeaders(deploymentId));
  if (trace.length === 0) return undefined;
  const h = headers();
  for (const [k, v] of trace) h.set(k, v);
  return h;
}
