// The bundle a rollback leaves behind for whoever investigates: the record, the routing,
// what the health monitor saw of the failing color and what the runtime knows of it. Each
// source is best effort: a missing one is logged and left empty, never blocks the bundle.
import { environmentKey, type DeploymentRecord, type DiagnosticsBundle, type HealthTransition } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import type { Bus } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import type { RuntimeClient } from '@cutover/runtime';
import type { Stores } from '../stores';
import { buildTimeline } from './timeline';
import { readTransitions } from './transition-history';

/** Enough to tell a story; a color flapping for hours must not outgrow a KV value. */
const MAX_TRANSITIONS = 100;
const READ_DEADLINE_MS = 2_000;

export interface DiagnosticsSources {
  bus: Bus;
  stores: Stores;
  runtime: RuntimeClient;
  clock: Clock;
  log: Logger;
}

/** `trigger` is the transition that started an automatic rollback, kept even if the stream read misses it. */
export async function collectDiagnostics(
  src: DiagnosticsSources,
  record: DeploymentRecord,
  reason: string,
  trigger: HealthTransition | null,
): Promise<DiagnosticsBundle> {
  const { service, toColor: color } = record;
  const log = src.log.child({ deployment: record.id });
  const soft = <T>(what: string, p: Promise<T>): Promise<T | null> =>
    p.catch((err: unknown) => {
      log.warn(`diagnostics: no ${what}`, { err });
      return null;
    });
  const since = new Date(record.switchedAt ?? record.createdAt);
  const [routing, read, snapshot, runtime] = await Promise.all([
    soft('routing', src.stores.routing.get(service)),
    soft('health transitions', readTransitions(src.bus, service, color, since, READ_DEADLINE_MS)),
    soft('health snapshot', src.stores.health.get(environmentKey(service, color))),
    soft('runtime diagnostics', src.runtime.diagnostics(service, color, { deploymentId: record.id })),
  ]);
  const transitions = withTrigger(read ?? [], trigger).slice(-MAX_TRANSITIONS);
  return {
    deploymentId: record.id,
    service,
    createdAt: src.clock.now().toISOString(),
    reason,
    deployment: record,
    routing: routing?.value ?? null,
    timeline: buildTimeline(record, transitions, routing?.value ?? null),
    transitions,
    lastSnapshot: snapshot?.value ?? trigger?.snapshot ?? null,
    runtime,
  };
}

function withTrigger(read: HealthTransition[], trigger: HealthTransition | null): HealthTransition[] {
  if (!trigger || read.some((t) => t.at === trigger.at && t.to === trigger.to)) return read;
  return [...read, trigger].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
