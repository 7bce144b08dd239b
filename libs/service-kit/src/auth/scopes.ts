// What each scope allows. A scope that can change a deployment can also look at it; admin
// can do everything, rollback included.
import type { ApiScope } from '@cutover/config';

const IMPLIED: Record<ApiScope, readonly ApiScope[]> = {
  read: ['read'],
  release: ['release', 'read'],
  approve: ['approve', 'read'],
  admin: ['admin', 'approve', 'release', 'read'],
};

export function scopesGrant(held: readonly ApiScope[], needed: ApiScope): boolean {
  return held.some((scope) => IMPLIED[scope].includes(needed));
}
