// A real Prometheus for tests that check PromQL: free loopback port, temporary storage,
// scraping the given targets every second. Stopped cleanly by stop(); if the test process
// dies first, the server goes with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CutoverError } from '@cutover/contracts';
import { freePort } from './free-port';

export interface StartPrometheusOptions {
  /** host:port of every /metrics endpoint to scrape. */
  scrapeTargets: string[];
  /** Scrape and evaluation interval; 1 s unless told. */
  scrapeIntervalS?: number;
  binary?: string;
  startTimeoutMs?: number;
}

export interface PrometheusHandle {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** The value of an instant query with exactly one series or a scalar, null with no data. */
  query(promql: string): Promise<number | null>;
  stop(): Promise<void>;
}

export class PrometheusStartError extends CutoverError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('prometheus_start', `prometheus did not start: ${reason}`, options);
  }
}

const STDERR_TAIL = 4096;
const STOP_GRACE_MS = 10_000;

export async function startPrometheus(opts: StartPrometheusOptions): Promise<PrometheusHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-prometheus-'));
  const interval = `${opts.scrapeIntervalS ?? 1}s`;
  const targets = opts.scrapeTargets.map((t) => JSON.stringify(t)).join(', ');
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global: { scrape_interval: ${interval}, evaluation_interval: ${interval}, scrape_timeout: ${interval} }\n` +
      `scrape_configs:\n  - job_name: targets\n    static_configs: [{ targets: [${targets}] }]\n`,
  );
  const port = await freePort();
  const child = spawn(
    opts.binary ?? '/usr/bin/prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let tail = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (tail = (tail + chunk).slice(-STDERR_TAIL)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child, opts.startTimeoutMs ?? 20_000, () => tail);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    port,
    query: (promql) => instantQuery(url, promql),
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(forced);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, tail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new PrometheusStartError(`exited during startup: ${tail().trim()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline) throw new PrometheusStartError(`not ready on ${url} within ${timeoutMs} ms: ${tail().trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function instantQuery(url: string, promql: string): Promise<number | null> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await res.json()) as { data?: { resultType: string; result: unknown } };
  const result = body.data?.result;
  const sample = body.data?.resultType === 'scalar' ? (result as [number, string]) : (result as { value: [number, string] }[] | undefined)?.[0]?.value;
  const value = sample ? Number(sample[1]) : NaN;
  return Number.isFinite(value) ? value : null;
}
