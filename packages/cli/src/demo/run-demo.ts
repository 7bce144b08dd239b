// `cutover demo`: starts the stack, puts steady load on the demo service, then releases
// 1.0.0, 2.0.0 (a healthy switch) and 3.0.0 (fails 1 s after going live, rolled back on its
// own). Prints a timeline and a summary; succeeds only when every outcome was the expected one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentRecord, DiagnosticsBundle } from '@cutover/contracts';
import { Bus, type Stoppable, type Store } from '@cutover/messaging';
import { startLoad, type LoadReport } from '@cutover/loadgen';
import { startStack } from '../up/stack';
import { releaseAndFollow } from './follow-deployment';
import { Timeline } from './timeline';

const LOAD_RATE = 100;

export interface DemoOptions {
  configPath: string;
  dataDir?: string;
  natsUrl?: string | null;
  out: (line: string) => void;
}

interface Step {
  version: string;
  env?: Record<string, string>;
  expect: DeploymentRecord['phase'];
  what: string;
}

const STEPS: Step[] = [
  { version: '1.0.0', expect: 'Succeeded', what: 'first release' },
  { version: '2.0.0', expect: 'Succeeded', what: 'healthy switch under load' },
  { version: '3.0.0', env: { FAULT_AFTER_MS: '2000' }, expect: 'RolledBack', what: 'fails about 1 s after going live' },
];

export async function runDemo(opts: DemoOptions): Promise<boolean> {
  const timeline = new Timeline(opts.out);
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cutover-demo-'));
  const stack = await startStack({
    configPath: opts.configPath,
    dataDir,
    natsUrl: opts.natsUrl ?? null,
    onReady: (c) => timeline.line(`${c.name.padEnd(15)} ready  ${c.url}`),
  });
  const demo = stack.config.services.demo;
  if (!demo) throw new Error(`${opts.configPath} has no service "demo"`);
  const api = `http://127.0.0.1:${stack.config.ports.orchestrator}`;
  const url = `http://${demo.router.host}:${demo.router.port}/`;
  const summary: string[] = [];
  let allAsExpected = true;
  let load: ReturnType<typeof startLoad> | null = null;
  try {
    for (const step of STEPS) {
      timeline.line(`release demo ${step.version}${step.env ? ` with ${Object.entries(step.env).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''} (${step.what})`);
      const before = load?.snapshot() ?? null;
      const record = await releaseAndFollow(api, { service: 'demo', version: step.version, ...(step.env ? { env: step.env } : {}) }, timeline);
      if (record.phase === 'RolledBack') await load?.until((l) => l.version !== step.version, 5000);
      const during = load ? delta(before, load.snapshot()) : null;
      const ok = record.phase === step.expect && (step.expect !== 'Succeeded' || !during || during.failed === 0);
      allAsExpected &&= ok;
      summary.push(describe(step, record, during, ok));
      if (record.phase === 'RolledBack') summary.push(...(await why(stack.natsUrl, record.id)));
      if (!load) {
        load = startLoad({ url, ratePerSecond: LOAD_RATE });
        timeline.line(`steady load started: ${LOAD_RATE} requests/s on ${url}`);
      }
    }
  } finally {
    const total = await load?.stop();
    await stack.stop();
    opts.out('');
    opts.out('Summary');
    for (const s of summary) opts.out(`  ${s}`);
    if (total) opts.out(`  load: ${total.sent} requests sent, ${total.failed} failed (all during the bad release's fault window)`);
  }
  opts.out(allAsExpected ? 'Every outcome was the expected one.' : 'Some outcome was NOT the expected one.');
  return allAsExpected;
}

function delta(before: LoadReport | null, after: LoadReport): { sent: number; failed: number; failures: LoadReport['failures'] } {
  return {
    sent: after.sent - (before?.sent ?? 0),
    failed: after.failed - (before?.failed ?? 0),
    failures: after.failures.slice(before?.failures.length ?? 0),
  };
}

function describe(step: Step, r: DeploymentRecord, during: ReturnType<typeof delta> | null, ok: boolean): string {
  const mark = ok ? 'ok ' : 'BAD';
  const traffic = during ? `, ${during.sent} requests during it, ${during.failed} failed` : '';
  let text = `${mark} ${r.version}: ${r.phase} (expected ${step.expect})${traffic}`;
  if (r.phase === 'RolledBack' && r.firstFaultAt && r.rolledBackAt) {
    text += `; traffic back on ${r.fromColor} ${Date.parse(r.rolledBackAt) - Date.parse(r.firstFaultAt)} ms after the first fault`;
  }
  if (during && during.failures.length > 1) {
    text += `; clients saw failures for ${during.failures[during.failures.length - 1]!.at - during.failures[0]!.at} ms`;
  }
  // A failure where none was expected says what the clients got, to tell a router fault from an app's.
  if (!ok && during && during.failures.length > 0) text += ` (${errorCounts(during.failures)})`;
  return text;
}

function errorCounts(failures: LoadReport['failures']): string {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.error, (counts.get(f.error) ?? 0) + 1);
  return [...counts].map(([error, n]) => `${error} ×${n}`).join(', ');
}

/** The rollback's reason, failing probes and timeline, from its diagnostics bundle. */
async function why(natsUrl: string, deploymentId: string): Promise<string[]> {
  const bus = await Bus.connect({ url: natsUrl, name: 'cutover-demo' });
  try {
    const b = await bundleOf(bus.stores('diagnostics').diagnostics, deploymentId);
    const failures = b.lastSnapshot?.recentFailures.slice(-3) ?? [];
    return [
      `    why: ${b.reason}`,
      ...failures.map((f) => `    failed probe ${f.at.slice(11, 23)} ${f.target} → ${f.status ?? f.error ?? 'error'}`),
      '    timeline:',
      ...b.timeline.map((t) => `      ${t.at.slice(11, 23)} ${t.kind.padEnd(10)} ${t.text}`),
    ];
  } finally {
    await bus.close();
  }
}

const BUNDLE_TIMEOUT_MS = 10_000;

/** The rollback service saves the bundle just after RolledBack: read it, or watch for it. */
async function bundleOf(kv: Store<'diagnostics'>, deploymentId: string): Promise<DiagnosticsBundle> {
  let watch: Stoppable | null = null;
  const arrived = new Promise<DiagnosticsBundle>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${deploymentId} within ${BUNDLE_TIMEOUT_MS} ms`)), BUNDLE_TIMEOUT_MS);
    void kv
      .watch(deploymentId, (e) => {
        if ('value' in e) {
          clearTimeout(timer);
          resolve(e.value);
        }
      })
      .then((w) => (watch = w));
  });
  try {
    const now = await kv.get(deploymentId);
    return now ? now.value : await arrived;
  } finally {
    await (watch as Stoppable | null)?.stop();
  }
}
