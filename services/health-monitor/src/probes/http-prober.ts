// One HTTP probe of one endpoint. Probes reuse keep-alive connections: a new TCP handshake
// every 200 ms per instance would load the app and blur the latency we report.
import http from 'node:http';
import type { Endpoint, HttpProbe, ProbeResult } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { ProbeTimeoutError } from './errors';

export function probeUrl(endpoint: Endpoint, path: string): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `http://${host}:${endpoint.port}${path}`;
}

interface Answer {
  status?: number;
  error?: string;
}

export class HttpProber {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 2 });

  constructor(private readonly clock: Clock) {}

  async probe(endpoint: Endpoint, spec: HttpProbe): Promise<ProbeResult> {
    const target = probeUrl(endpoint, spec.path);
    const at = this.clock.now().toISOString();
    const started = performance.now();
    const answer = await this.get(target, spec.timeoutMs, true);
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const ok = answer.status === spec.expectedStatus;
    return { at, target, ok, latencyMs, ...answer };
  }

  close(): void {
    this.agent.destroy();
  }

  private get(url: string, timeoutMs: number, mayRetry: boolean): Promise<Answer> {
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
        if (mayRetry && req.reusedSocket && err.code === 'ECONNRESET') settle(this.get(url, timeoutMs, false));
        else settle({ error: err.code ?? err.message });
      };
      const req = http.get(url, { agent: this.agent, headers: { 'user-agent': 'cutover-health-monitor' } }, (res) => {
        // Draining the body is what hands the socket back to the pool.
        res.resume();
        res.once('end', () => settle({ status: res.statusCode }));
        res.once('error', fail);
      });
      req.once('error', fail);
      const deadline = setTimeout(() => {
        const timeout = new ProbeTimeoutError(timeoutMs);
        settle({ error: timeout.message });
        req.destroy(timeout);
      }, timeoutMs);
    });
  }
}
