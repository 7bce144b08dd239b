// Turns a release command into a deployment, or a coded refusal. Safe to run twice for the
// same command (JetStream redelivery, a crash between steps): the deployment id is derived
// from the command id, the service lock is compare-and-set, and creation tolerates "exists".
import { createHash } from 'node:crypto';
import type { CutoverConfig } from '@cutover/config';
import type { DeploymentRecord, Envelope, ReleaseCommand } from '@cutover/contracts';
import { createDeployment, newDeploymentId, type Clock } from '@cutover/core';
import { KvConflictError } from '@cutover/messaging';
import type { Stores } from '../stores';
import { holdsServiceLock, takeServiceLock } from './service-lock';

export type IntakeResult =
  | { ok: true; record: DeploymentRecord; created: boolean }
  | { ok: false; code: 'unknown_service' | 'busy' | 'wrong_environment'; message: string };

export async function takeRelease(
  cmd: Envelope<ReleaseCommand>,
  deps: { config: CutoverConfig; stores: Stores; clock: Clock },
): Promise<IntakeResult> {
  const { config, stores, clock } = deps;
  const release = cmd.data;
  const service = config.services[release.service];
  if (!service) {
    const known = Object.keys(config.services).join(', ') || 'none';
    return { ok: false, code: 'unknown_service', message: `unknown service "${release.service}" (configured: ${known})` };
  }
  if (release.environment !== undefined && release.environment !== config.environment) {
    const ours = config.environment ? `environment "${config.environment}"` : 'no environment (started without --environment)';
    return { ok: false, code: 'wrong_environment', message: `release for environment "${release.environment}" reached the Cutover of ${ours}: check --environment and the NATS url` };
  }
  const random = createHash('sha256').update(cmd.id).digest('hex').slice(0, 8);
  const id = newDeploymentId(release.service, new Date(cmd.time), random);

  const existing = await stores.deployments.get(id);
  if (existing) return { ok: true, record: existing.value, created: false };

  // Take the service's lock first: one deployment per service, decided by compare-and-set.
  const lock = await takeServiceLock(release.service, id, { stores, clock });
  if (!lock.ok) return { ok: false, code: 'busy', message: lock.message };
  // Taken now, not when the command arrived: a deployment's life starts with its lock.
  const now = clock.now();

  const routing = await stores.routing.get(release.service);
  const liveColor = routing?.value.liveColor ?? null;
  const live = liveColor ? { color: liveColor, version: routing!.value.liveVersion } : null;
  const record: DeploymentRecord = {
    ...createDeployment({ id, release, live, policy: service.policy, now, environment: config.environment }),
    requestId: cmd.id,
  };
  try {
    await stores.deployments.create(id, record);
  } catch (e) {
    if (!(e instanceof KvConflictError)) throw e;
    const again = await stores.deployments.get(id);
    return { ok: true, record: again!.value, created: false };
  }
  // Slower than the grace period: another intake took the lock over as orphaned.
  if (!(await holdsServiceLock(release.service, id, stores))) {
    await stores.deployments.delete(id);
    return { ok: false, code: 'busy', message: `${release.service} was taken by another release while ${id} was being created; publish again` };
  }
  return { ok: true, record, created: true };
}
