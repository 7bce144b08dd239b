// One HTTP probe of one endpoint. Probes reuse keep-alive connections: a new TCP handshake
// every 200 ms per instance would load the app and blur the latency we report.
import http from 'node:http';
import type { BodyMatch, Endpoint, HttpProbe, ProbeResult } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { ProbeTimeoutError } from './errors';

export function probeUrl(endpoint: Endpoint, path: string): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `http://${host}:${endpoint.port}${path}`;
}

/** Only this much of a body is read for a body match; a health answer is short. */
const BODY_LIMIT = 64 * 1024;

interface Answer {
  status?: number;
  body?: string;
  error?: string;
}

export class HttpProber {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly clock: Clock) {}

  async probe(endpoint: Endpoint, spec: HttpProbe): Promise<ProbeResult> {
    const target = probeUrl(endpoint, spec.path);
    const at = this.clock.now().toISOString();
    const started = performance.now();
    const { body, ...answer } = await this.request(target, spec.method ?? 'GET', spec.timeoutMs, !!spec.body, true);
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const ok = answer.status === spec.expectedStatus;
    // The status explains a wrong status by itself; a right one can still fail on body or latency.
    const problem = ok ? this.judge(body ?? '', latencyMs, spec) : undefined;
    return { at, target, kind: 'http', ok: ok && !problem, latencyMs, ...answer, ...(problem && { error: problem }) };
  }

  close(): void {
    this.agent.destroy();
  }

  /** What is wrong with an answer of the expected status, or undefined when it passes. */
  private judge(body: string, latencyMs: number, spec: HttpProbe): string | undefined {
    if (spec.body && !this.matches(body, spec.body)) return `body does not match ${describeMatch(spec.body)}`;
    if (spec.maxLatencyMs != null && latencyMs > spec.maxLatencyMs) return `answered in ${latencyMs} ms, limit ${spec.maxLatencyMs} ms`;
    return undefined;
  }

  private matches(body: string, match: BodyMatch): boolean {
    if ('contains' in match) return body.includes(match.contains);
    let pattern = this.patterns.get(match.regex);
    if (!pattern) this.patterns.set(match.regex, (pattern = new RegExp(match.regex)));
    return pattern.test(body);
  }

  private request(url: string, method: string, timeoutMs: number, readBody: boolean, mayRetry: boolean): Promise<Answer> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (answer: Answer | Promise<Answer>) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(answer);
      };
      const fail = (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed just as we reused it is our race, not the
        // app's failure: Node's documented answer is to retry once on a fresh socket.
        if (mayRetry && req.reusedSocket && err.code === 'ECONNRESET') settle(this.request(url, method, timeoutMs, readBody, false));
        else settle({ error: err.code ?? err.message });
      };
      const headers = { 'user-agent': 'cutover-health-monitor' };
      const req = http.request(url, { method, agent: this.agent, headers }, (res) => {
        // Draining the body is what hands the socket back to the pool.
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (!readBody || size >= BODY_LIMIT) return;
          chunks.push(chunk);
          size += chunk.length;
        });
        res.once('end', () => settle({ status: res.statusCode, ...(readBody && { body: Buffer.concat(chunks).toString('utf8', 0, BODY_LIMIT) }) }));
        res.once('error', fail);
      });
      req.once('error', fail);
      req.end();
      const deadline = setTimeout(() => {
        const timeout = new ProbeTimeoutError(timeoutMs);
        settle({ error: timeout.message });
        req.destroy(timeout);
      }, timeoutMs);
    });
  }
}

export const describeMatch = (match: BodyMatch) => ('contains' in match ? `"${match.contains}"` : `/${match.regex}/`);
