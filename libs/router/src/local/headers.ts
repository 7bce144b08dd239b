// Hop-by-hop headers describe one connection (RFC 9110 §7.6.1); the proxy has two, so it
// must not pass them through, nor any header the Connection header names.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export const COLOR_HEADER = 'x-cutover-color';

export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

/** What the upstream is told about the original request. */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  clientAddress: string | undefined,
): OutgoingHttpHeaders {
  const out = endToEndHeaders(headers);
  const prior = headers['x-forwarded-for'];
  if (clientAddress) out['x-forwarded-for'] = prior ? `${String(prior)}, ${clientAddress}` : clientAddress;
  if (headers.host && !headers['x-forwarded-host']) out['x-forwarded-host'] = headers.host;
  if (!headers['x-forwarded-proto']) out['x-forwarded-proto'] = 'http';
  return out;
}

/** A request without a body can be sent again as is. */
export function hasNoBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] === undefined && (headers['content-length'] ?? '0') === '0';
}
