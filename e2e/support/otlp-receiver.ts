// A local OTLP/HTTP trace receiver for tests: accepts POST /v1/traces with JSON bodies
// (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json) and keeps every span, flattened with the
// service.name of the resource that sent it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: KeyValue[];
  status?: { code?: number; message?: string };
}
interface ExportRequest {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean>;
  error: boolean;
}

export interface OtlpReceiver {
  url: string;
  /** Every request that reached it, whatever its path or body. */
  requests: number;
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

const value = (v: AnyValue): string | number | boolean => v.stringValue ?? v.boolValue ?? v.doubleValue ?? Number(v.intValue ?? NaN);
const attrs = (kvs: KeyValue[] | undefined) => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, value(kv.value)]));
const ms = (nanos: string | number) => Number(BigInt(nanos) / 1_000_000n);

function flatten(body: ExportRequest): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((rs) => {
    const service = String(attrs(rs.resource?.attributes)['service.name'] ?? '');
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        service,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? '',
        name: s.name,
        startMs: ms(s.startTimeUnixNano),
        endMs: ms(s.endTimeUnixNano),
        attributes: attrs(s.attributes),
        error: s.status?.code === 2,
      })),
    );
  });
}

export async function startOtlpReceiver(port = 0): Promise<OtlpReceiver> {
  const receiver: OtlpReceiver = { url: '', requests: 0, spans: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    receiver.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      try {
        receiver.spans.push(...flatten(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
