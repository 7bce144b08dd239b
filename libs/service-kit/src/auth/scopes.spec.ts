import { API_SCOPES, type ApiScope } from '@cutover/config';
import { scopesGrant } from './scopes';

describe('scopesGrant', () => {
  const table: Record<ApiScope, ApiScope[]> = {
    read: ['read'],
    release: ['read', 'release'],
    approve: ['read', 'approve'],
    admin: ['read', 'release', 'approve', 'admin'],
  };

  it.each(API_SCOPES)('%s grants exactly its own routes and the ones it implies', (held) => {
    expect(API_SCOPES.filter((needed) => scopesGrant([held], needed))).toEqual(API_SCOPES.filter((s) => table[held].includes(s)));
  });

  it('adds up several scopes and grants nothing with none', () => {
    expect(scopesGrant(['release', 'approve'], 'approve')).toBe(true);
    expect(scopesGrant(['release', 'approve'], 'admin')).toBe(false);
    expect(scopesGrant([], 'read')).toBe(false);
  });
});
