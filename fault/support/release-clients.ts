// The ways a CI pipeline publishes a release, each answering with what the publisher
// learnt: accepted (the record, final with `wait`) or refused, with the request id when the
// path has one. The CLI as its own process and the CLI in this process (one NATS connection
// per call) go through JetStream; the HTTP API calls the orchestrator's intake directly.
import { cutoverProgram, type CliContext } from '@cutover/cli';
import { isTerminal, type DeploymentRecord, type ReleaseRejected } from '@cutover/contracts';
import { waitFor } from '@cutover/testkit';
import type { Stack } from '../../e2e/support/cutover';

export interface Release {
  service: string;
  version: string;
  env: Record<string, string>;
}

export type Answer =
  | { kind: 'accepted'; record: DeploymentRecord; exitCode: number }
  | { kind: 'rejected'; requestId: string | null; code: string; reason: string; exitCode: number }
  /** No verdict at all: the client could not tell what happened. */
  | { kind: 'unknown'; detail: string; exitCode: number };

export type ReleaseClient = (release: Release, opts: { wait: boolean }) => Promise<Answer>;

const envArgs = (r: Release) => Object.entries(r.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
const cliArgs = (r: Release, wait: boolean) => ['release', r.service, r.version, ...envArgs(r), '--json', ...(wait ? ['--wait', '--timeout', '5m'] : [])];

function fromCliJson(values: unknown[], exitCode: number, detail: string): Answer {
  const last = values[values.length - 1] as { rejected?: ReleaseRejected } | DeploymentRecord | undefined;
  if (last && 'rejected' in last && last.rejected) {
    const { requestId, code, reason } = last.rejected;
    return { kind: 'rejected', requestId, code, reason, exitCode };
  }
  if (last && 'id' in last) return { kind: 'accepted', record: last, exitCode };
  return { kind: 'unknown', detail, exitCode };
}

/** `cutover release ... --json` as a child process, as a pipeline's job runs it. */
export const cliProcessClient =
  (stack: Stack): ReleaseClient =>
  async (release, { wait }) => {
    const r = await stack.cli(cliArgs(release, wait), { timeoutMs: 6 * 60_000 });
    let values: unknown[] = [];
    try {
      values = r.stdout.trim() ? [JSON.parse(r.stdout) as unknown] : [];
    } catch {
      // Not one JSON document: reported below as no verdict, with the output.
    }
    return fromCliJson(values, r.code ?? -1, `exit ${r.code}: ${r.stdout} ${r.stderr}`);
  };

/** The same command run by the CLI's own program in this process. */
export const cliInProcessClient =
  (stack: Stack): ReleaseClient =>
  async (release, { wait }) => {
    const values: unknown[] = [];
    const notes: string[] = [];
    const ctx: CliContext = {
      out: { line: (t = '') => notes.push(t), json: (v) => values.push(v) },
      note: (t) => notes.push(t),
      clock: { now: () => new Date() },
      env: { NATS_URL: stack.natsUrl },
    };
    let exitCode = 0;
    try {
      await cutoverProgram(ctx, '0.0.0').exitOverride().parseAsync(cliArgs(release, wait), { from: 'user' });
    } catch (err) {
      exitCode = (err as { exitCode?: number }).exitCode ?? -1;
      notes.push((err as Error).message);
    }
    return fromCliJson(values, exitCode, notes.join('\n'));
  };

/** POST /api/releases; with `wait`, polls the deployment until it is over. */
export const httpClient =
  (stack: Stack): ReleaseClient =>
  async (release, { wait }) => {
    const res = await fetch(`${stack.apiUrl}/api/releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: release.service, version: release.version, env: release.env }),
    });
    const body = (await res.json().catch(() => ({}))) as { deployment?: DeploymentRecord; error?: string; message?: string; requestId?: string };
    if (!body.deployment) {
      if (body.error) return { kind: 'rejected', requestId: body.requestId ?? null, code: body.error, reason: body.message ?? '', exitCode: res.status };
      return { kind: 'unknown', detail: `HTTP ${res.status}: ${JSON.stringify(body)}`, exitCode: res.status };
    }
    let record = body.deployment;
    if (wait) {
      await waitFor(
        async () => {
          record = (await (await fetch(`${stack.apiUrl}/api/deployments/${record.id}`)).json()) as DeploymentRecord;
          return isTerminal(record.phase);
        },
        { timeoutMs: 5 * 60_000, intervalMs: 250, what: `deployment ${record.id} over` },
      );
    }
    return { kind: 'accepted', record, exitCode: res.status };
  };
