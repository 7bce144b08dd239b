// Releases through the orchestrator's HTTP API and prints each phase as it happens.
import { isTerminal, type DeploymentRecord } from '@cutover/contracts';
import type { Timeline } from './timeline';

const POLL_MS = 50;

export async function releaseAndFollow(
  api: string,
  body: { service: string; version: string; env?: Record<string, string> },
  timeline: Timeline,
  deadlineMs = 180_000,
): Promise<DeploymentRecord> {
  const res = await fetch(`${api}/api/releases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { deployment?: DeploymentRecord; message?: string };
  if (!answer.deployment) throw new Error(`release ${body.service} ${body.version} refused: ${answer.message ?? res.status}`);
  let record = answer.deployment;
  let printed = 0;
  const until = Date.now() + deadlineMs;
  for (;;) {
    for (const entry of record.history.slice(printed)) timeline.line(`${record.service} ${record.version}  ${entry.phase.padEnd(16)} ${entry.reason}`);
    printed = record.history.length;
    if (isTerminal(record.phase)) return record;
    if (Date.now() > until) throw new Error(`${record.id} still ${record.phase} after ${deadlineMs / 1000} s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    record = (await (await fetch(`${api}/api/deployments/${record.id}`)).json()) as DeploymentRecord;
  }
}
