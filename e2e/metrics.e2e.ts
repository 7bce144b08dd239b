// Issue 4's metrics "must show": a whole stack runs a first release, a good second one and
// one that rolls back; then every Cutover process's /metrics passes `promtool check
// metrics`, carries the figures those releases must have left, and every metric the Grafana
// dashboard queries is one these processes export.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { waitFor } from '@cutover/testkit';
import { ROOT, startStack, type Stack } from './support/cutover';

const PROMTOOL = '/usr/bin/promtool';
const PROCESSES = ['orchestrator', 'healthMonitor', 'switcher', 'rollback', 'runtimeAgent'] as const;
type Process = (typeof PROCESSES)[number];

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition, and the metric families its TYPE lines declare. */
function parseExposition(text: string): { samples: Sample[]; families: Set<string> } {
  const samples: Sample[] = [];
  const families = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) /.exec(line);
    if (type) families.add(type[1]!);
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, families };
}

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'inf', 'nan']);

/** Metric names an expression selects: identifiers that are not functions, keywords, labels, ranges or Grafana variables. */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\$\w+/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/\b[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()/g)]
    .map((m) => m[0])
    .filter((w) => !PROMQL_WORDS.has(w.toLowerCase()) && !/^\d/.test(w));
}

let stack: Stack;
let ports: Record<Process, number>;
const exported: Record<string, { text: string; samples: Sample[]; families: Set<string> }> = {};

const metricsOf = async (p: Process) => {
  const res = await fetch(`http://127.0.0.1:${ports[p]}/metrics`);
  expect(res.status).toBe(200);
  const contentType = res.headers.get('content-type') ?? '';
  expect(contentType).toMatch(/^text\/plain;/);
  expect(contentType).toContain('version=0.0.4');
  const text = await res.text();
  return { text, ...parseExposition(text) };
};

const value = (p: Process, name: string, labels: Record<string, string> = {}): number =>
  exported[p]!.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

beforeAll(async () => {
  stack = await startStack({ demo: {} });
  ports = (YAML.parse(readFileSync(stack.configPath, 'utf8')) as { ports: Record<Process, number> }).ports;
});

afterAll(async () => {
  await stack?.stop();
});

describe('metrics of every Cutover process', () => {
  it('runs a first release, a good one and one that is rolled back', async () => {
    expect((await stack.cli(['release', 'demo', '1.0.0', '--wait'])).code).toBe(0);
    // With a commit time, so the DORA lead time has an observation.
    expect((await stack.cli(['release', 'demo', '2.0.0', '--wait', '--commit-time', new Date(Date.now() - 3_600_000).toISOString()])).code).toBe(0);
    const bad = await stack.cli(['release', 'demo', '3.0.0', '--env', 'FAULT_AFTER_MS=2000', '--wait', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ phase: 'RolledBack' });
    // The health gauge follows snapshots every probe interval: wait until green is healthy again.
    await waitFor(
      async () => {
        const hm = await metricsOf('healthMonitor');
        return hm.samples.some((s) => s.name === 'cutover_health_state' && s.labels.color === 'green' && s.labels.state === 'healthy' && s.value === 1);
      },
      { timeoutMs: 15_000, what: 'green healthy in cutover_health_state' },
    );
    for (const p of PROCESSES) exported[p] = await metricsOf(p);
  });

  it.each(PROCESSES)('%s: promtool check metrics finds no problem', (p) => {
    const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: exported[p]!.text, encoding: 'utf8' });
    expect({ status: check.status, out: check.stdout + check.stderr }).toEqual({ status: 0, out: '' });
  });

  it('counts deployments by outcome, phase durations and the rollback', () => {
    expect(value('orchestrator', 'cutover_deployments_total', { service: 'demo', outcome: 'Succeeded' })).toBe(2);
    expect(value('rollback', 'cutover_deployments_total', { service: 'demo', outcome: 'RolledBack' })).toBe(1);
    expect(value('rollback', 'cutover_rollbacks_total', { service: 'demo', trigger: 'automatic' })).toBe(1);
    expect(value('rollback', 'cutover_fault_to_rollback_seconds_count')).toBe(1);
    const faultToRollback = value('rollback', 'cutover_fault_to_rollback_seconds_sum');
    expect(faultToRollback).toBeGreaterThan(0);
    expect(faultToRollback).toBeLessThan(3);
    // Three releases passed Switching; the orchestrator observed each when it left it.
    expect(value('orchestrator', 'cutover_deployment_phase_duration_seconds_count', { phase: 'Switching' })).toBe(3);
    expect(value('rollback', 'cutover_deployment_phase_duration_seconds_count', { phase: 'Monitoring' })).toBe(1);
  });

  it('exports the DORA figures by service and environment: two delivered, one of three live changes undone, its restore and the lead time given', () => {
    const demo = { service: 'demo', environment: 'default' };
    expect(value('orchestrator', 'cutover_dora_deployments_total', demo)).toBe(2);
    expect(value('orchestrator', 'cutover_dora_live_changes_total', demo) + value('rollback', 'cutover_dora_live_changes_total', demo)).toBe(3);
    expect(value('rollback', 'cutover_dora_change_failures_total', demo)).toBe(1);
    expect(value('rollback', 'cutover_dora_time_to_restore_seconds_count', demo)).toBe(1);
    // Only 2.0.0 came with a commit time, an hour before its switch.
    expect(value('orchestrator', 'cutover_dora_lead_time_seconds_count', demo)).toBe(1);
    expect(value('orchestrator', 'cutover_dora_lead_time_seconds_sum', demo)).toBeGreaterThan(3600);
  });

  it('times the switches, the switch back included', () => {
    // 1.0.0, 2.0.0, 3.0.0 and the switch back.
    const ok = value('switcher', 'cutover_switches_total', { router: 'local', result: 'ok' });
    expect(ok).toBeGreaterThanOrEqual(4);
    expect(value('switcher', 'cutover_switch_duration_seconds_count', { router: 'local' })).toBe(ok);
    expect(value('switcher', 'cutover_switch_duration_seconds_sum', { router: 'local' })).toBeLessThan(ok * 2);
  });

  it('exports health state per service and color, and probe latency and failures', () => {
    expect(value('healthMonitor', 'cutover_health_state', { service: 'demo', color: 'green', state: 'healthy' })).toBe(1);
    expect(value('healthMonitor', 'cutover_health_state', { service: 'demo', color: 'green' })).toBe(1);
    expect(value('healthMonitor', 'cutover_probe_duration_seconds_count', { kind: 'http' })).toBeGreaterThan(10);
    // 3.0.0 served 500s until the rollback.
    expect(value('healthMonitor', 'cutover_probe_failures_total', { kind: 'http' })).toBeGreaterThanOrEqual(1);
  });

  it('exports the client error counters and process metrics in every process', () => {
    for (const p of PROCESSES) {
      for (const family of ['cutover_nats_errors_total', 'cutover_nats_disconnects_total', 'cutover_nats_reconnects_total', 'process_cpu_seconds_total']) {
        expect({ p, family, present: exported[p]!.families.has(family.replace(/_total$/, '')) || exported[p]!.families.has(family) }).toEqual({ p, family, present: true });
      }
      expect(value(p, 'cutover_nats_disconnects_total')).toBe(0);
    }
    expect(exported.switcher!.families.has('cutover_kubernetes_api_errors_total')).toBe(true);
  });

  it('every metric the Grafana dashboard queries is one these processes export', () => {
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy', 'grafana', 'cutover.json'), 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThan(10);
    const seen = new Set<string>();
    for (const p of PROCESSES) {
      for (const s of exported[p]!.samples) seen.add(s.name);
      for (const f of exported[p]!.families) seen.add(f);
    }
    const referenced = new Set(exprs.flatMap(metricNamesIn));
    expect(referenced.size).toBeGreaterThan(8);
    const families = new Set(PROCESSES.flatMap((p) => [...exported[p]!.families]));
    const missing = [...referenced].filter((name) => !seen.has(name) && !families.has(name.replace(/_(bucket|sum|count)$/, '')));
    expect(missing).toEqual([]);
  });
});
