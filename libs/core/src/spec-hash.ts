import { createHash } from 'node:crypto';
import type { EnsureEnvironment } from '@cutover/contracts';

/**
 * Identity of a release as far as the runtime cares: same hash, same processes. The runtime
 * stamps it on EnvironmentState.specHash; reconcile compares it so an environment still
 * running the same version with another env or image is not mistaken for this release.
 */
export function specHash(req: Pick<EnsureEnvironment, 'version' | 'image' | 'env'>): string {
  // Sorted so two env maps with the same pairs in another order are the same release.
  const env = Object.keys(req.env)
    .sort()
    .map((k) => [k, req.env[k]]);
  return createHash('sha256')
    .update(JSON.stringify([req.version, req.image ?? null, env]))
    .digest('hex')
    .slice(0, 16);
}
