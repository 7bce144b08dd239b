// Steady HTTP load at a fixed rate over keep-alive connections, as a user would send it:
// every request is counted, every failure (status >= 500, refused, reset, timeout) kept
// with its time, so a test can say "0 failed" and a demo can show when failures happened.
import http from 'node:http';

export interface LoadFailure {
  at: number;
  error: string;
}

export interface LoadReport {
  sent: number;
  ok: number;
  failed: number;
  failures: LoadFailure[];
  /** Responses per value of the x-cutover-color header (or the body's color). */
  byColor: Record<string, number>;
  byVersion: Record<string, number>;
  latenciesMs: number[];
  durationMs: number;
}

export interface LoadOptions {
  url: string;
  ratePerSecond: number;
  /** Concurrent keep-alive sockets. */
  connections?: number;
  timeoutMs?: number;
}

export interface LoadHandle {
  /** Counts so far, without stopping. */
  snapshot(): LoadReport;
  /** The last response's version and color, to see where traffic is now. */
  last(): { version: string; color: string } | null;
  /** Resolves on the first response whose version and color satisfy pred (checked as responses arrive). */
  until(pred: (last: { version: string; color: string }) => boolean, timeoutMs: number): Promise<void>;
  stop(): Promise<LoadReport>;
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function startLoad(opts: LoadOptions): LoadHandle {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections ?? 16 });
  const started = Date.now();
  const report: LoadReport = { sent: 0, ok: 0, failed: 0, failures: [], byColor: {}, byVersion: {}, latenciesMs: [], durationMs: 0 };
  let last: { version: string; color: string } | null = null;
  const waiters = new Set<(l: { version: string; color: string }) => void>();
  let inFlight = 0;
  let stopped = false;
  let drained: (() => void) | null = null;

  const fail = (error: string) => {
    report.failed += 1;
    if (report.failures.length < 1000) report.failures.push({ at: Date.now(), error });
  };
  const done = () => {
    inFlight -= 1;
    if (stopped && inFlight === 0) drained?.();
  };

  const fire = () => {
    report.sent += 1;
    inFlight += 1;
    const t0 = performance.now();
    const req = http.get(opts.url, { agent, timeout: opts.timeoutMs ?? 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        report.latenciesMs.push(performance.now() - t0);
        if ((res.statusCode ?? 0) >= 500) fail(`HTTP ${res.statusCode}`);
        else {
          report.ok += 1;
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { version?: string; color?: string };
            if (body.version && body.color) {
              last = { version: body.version, color: body.color };
              for (const w of waiters) w(last);
              report.byVersion[body.version] = (report.byVersion[body.version] ?? 0) + 1;
              report.byColor[body.color] = (report.byColor[body.color] ?? 0) + 1;
            }
          } catch {
            // Not the demo app: counts by status only.
          }
        }
        done();
      });
      res.on('error', (e) => {
        fail(e.message);
        done();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => {
      fail((e as NodeJS.ErrnoException).code ?? e.message);
      done();
    });
  };

  // A fixed schedule: each tick sends what the rate owes since the start, so a slow tick
  // catches up instead of lowering the rate.
  const timer = setInterval(() => {
    const owed = Math.floor(((Date.now() - started) / 1000) * opts.ratePerSecond) - report.sent;
    for (let i = 0; i < owed; i++) fire();
  }, 5);

  const snapshot = (): LoadReport => ({ ...report, durationMs: Date.now() - started, failures: [...report.failures], latenciesMs: [...report.latenciesMs] });
  return {
    snapshot,
    last: () => last,
    until: (pred, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        if (last && pred(last)) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no response matched within ${timeoutMs} ms (last: ${JSON.stringify(last)})`));
        }, timeoutMs);
        const check = (l: { version: string; color: string }) => {
          if (!pred(l)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    stop: async () => {
      clearInterval(timer);
      stopped = true;
      if (inFlight > 0) await new Promise<void>((r) => (drained = r));
      agent.destroy();
      return snapshot();
    },
  };
}

export interface ClosedLoopReport {
  requests: number;
  failed: number;
  perSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** As fast as it goes: each of `connections` clients sends its next request when the last ends. */
export async function runClosedLoop(opts: { url: string; connections: number; durationMs: number }): Promise<ClosedLoopReport> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let failed = 0;
  const deadline = Date.now() + opts.durationMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get(opts.url, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          if ((res.statusCode ?? 0) >= 500) failed += 1;
          resolve();
        });
      });
      req.on('error', () => {
        failed += 1;
        resolve();
      });
    });
  const client = async () => {
    while (Date.now() < deadline) await one();
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: opts.connections }, client));
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    failed,
    perSecond: latencies.length / ((Date.now() - started) / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}
