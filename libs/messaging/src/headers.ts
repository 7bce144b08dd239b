import type { MsgHdrs } from 'nats';

export function headersOf(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of h?.keys() ?? []) out[k] = h!.values(k).join(', ');
  return out;
}
