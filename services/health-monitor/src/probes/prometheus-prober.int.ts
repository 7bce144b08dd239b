// A PromQL check against a real Prometheus scraping two demo apps: the one that answers 5xx
// fails the request-success-rate check, the healthy one passes, a color without traffic has
// no data, and a query over several series is refused as unusable.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { EnvironmentState, MetricCheck, PrometheusChecks } from '@cutover/contracts';
import { ManualClock } from '@cutover/core';
import { freePort, startPrometheus, waitFor, type PrometheusHandle } from '@cutover/testkit';
import { NO_DATA, PrometheusProber } from './prometheus-prober';

const DEMO_APP = resolve(__dirname, '../../../../examples/demo-app/dist/main.js');

const successRate: MetricCheck = {
  name: 'request-success-rate',
  query:
    // "or vector(0)": an app that fails every request has no non-5xx series at all.
    '(sum(rate(demo_http_requests_total{color="{{color}}",version="{{version}}",code!~"5.."}[5s])) or vector(0)) / ' +
    'sum(rate(demo_http_requests_total{color="{{color}}",version="{{version}}"}[5s]))',
  min: 0.99,
};

const env = (color: 'blue' | 'green'): EnvironmentState => ({
  service: 'demo',
  color,
  version: '1.0.0',
  specHash: null,
  status: 'ready',
  reason: 'Ready',
  message: '',
  endpoints: [],
  exits: [],
  updatedAt: '2025-03-01T12:00:00.000Z',
});

async function startDemo(color: string, faultRate: number): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [DEMO_APP], {
    env: { ...process.env, PORT: String(port), COLOR: color, VERSION: '1.0.0', FAULT_RATE: String(faultRate) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true, { what: `demo app ${color}` });
  return { child, port };
}

describe('PrometheusProber against a real Prometheus', () => {
  const prober = new PrometheusProber(new ManualClock('2025-03-01T12:00:00.000Z'));
  let apps: { child: ChildProcess; port: number }[] = [];
  let prometheus: PrometheusHandle;
  let settings: PrometheusChecks;
  let traffic: NodeJS.Timeout;

  beforeAll(async () => {
    apps = [await startDemo('blue', 0), await startDemo('green', 1)];
    prometheus = await startPrometheus({ scrapeTargets: apps.map((a) => `127.0.0.1:${a.port}`) });
    settings = { url: prometheus.url, intervalMs: 1_000, timeoutMs: 2_000, checks: [successRate] };
    // Steady traffic, so rate() over the last seconds has something to count.
    traffic = setInterval(() => {
      for (const a of apps) void fetch(`http://127.0.0.1:${a.port}/`).then((r) => r.text()).catch(() => undefined);
    }, 20);
  }, 60_000);

  afterAll(async () => {
    clearInterval(traffic);
    await prometheus?.stop();
    for (const a of apps) {
      a.child.kill('SIGTERM');
      if (a.child.exitCode === null) await once(a.child, 'exit');
    }
  });

  it('passes the color whose app answers 2xx and fails the one serving 5xx', async () => {
    await waitFor(async () => (await prometheus.query('count(demo_http_requests_total)')) !== null && (await prober.check(settings, successRate, env('blue'))).value !== undefined, {
      timeoutMs: 30_000,
      what: 'Prometheus to have scraped the demo apps twice',
    });
    const blue = await prober.check(settings, successRate, env('blue'));
    expect(blue).toMatchObject({ target: 'prometheus:request-success-rate', kind: 'prometheus', ok: true, value: 1 });
    await waitFor(async () => (await prober.check(settings, successRate, env('green'))).value !== undefined, { timeoutMs: 15_000, what: 'data for green' });
    const green = await prober.check(settings, successRate, env('green'));
    expect(green).toMatchObject({ ok: false, value: 0, error: '0 < min 0.99' });
  }, 60_000);

  it('reports no data, not a pass, for a version nobody serves', async () => {
    const result = await prober.check(settings, successRate, { ...env('blue'), version: '9.9.9' });
    expect(result).toMatchObject({ ok: false, error: NO_DATA });
    expect(result.value).toBeUndefined();
  });

  it('refuses a query that returns several series, and says so when Prometheus is unreachable', async () => {
    const several = await prober.check(settings, { name: 'per-code', query: 'sum by (code) (demo_http_requests_total)', max: 1e9 }, env('blue'));
    expect(several).toMatchObject({ ok: false, error: expect.stringMatching(/^the query returned \d series; a check needs one number/) });
    const closed = await freePort();
    const down = await prober.check({ ...settings, url: `http://127.0.0.1:${closed}` }, successRate, env('blue'));
    expect(down).toMatchObject({ ok: false, error: expect.stringMatching(/^Prometheus query failed: fetch failed/) });
    expect(down.value).toBeUndefined();
  });
});
