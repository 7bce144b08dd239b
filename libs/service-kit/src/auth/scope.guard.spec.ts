// What the e2e test cannot reach through the real controllers: a guarded route that
// declares no scope, and the guard with authentication off.
import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { ApiAuth } from './api-auth';
import { OpenRoute, RequireScope } from './require-scope';
import { ScopeGuard } from './scope.guard';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const AUTH = ApiAuth.fromConfig(
  {
    tokens: [
      { name: 'oncall', scopes: ['approve'], source: { kind: 'sha256', digest: digest('approve-secret') } },
      { name: 'ops', scopes: ['admin'], source: { kind: 'sha256', digest: digest('admin-secret') } },
    ],
  },
  {},
);

class Routes {
  undeclared() {}
  @OpenRoute()
  open() {}
  @RequireScope('read')
  read() {}
}

function contextOf(handler: keyof Routes, token?: string): { context: ExecutionContext; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const req = { url: '/x', headers: token ? { authorization: `Bearer ${token}` } : {} };
  const res = { setHeader: (k: string, v: string) => (headers[k] = v) };
  const context = {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

describe('ScopeGuard', () => {
  const guard = new ScopeGuard(AUTH, new Reflector());

  it('closes a route that declares no scope to all but admin', () => {
    expect(() => guard.canActivate(contextOf('undeclared', 'approve-secret').context)).toThrow(ForbiddenException);
    expect(guard.canActivate(contextOf('undeclared', 'admin-secret').context)).toBe(true);
  });

  it('opens an OpenRoute without a token', () => {
    expect(guard.canActivate(contextOf('open').context)).toBe(true);
  });

  it('challenges a missing token with WWW-Authenticate', () => {
    const { context, headers } = contextOf('read');
    expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
    expect(headers['WWW-Authenticate']).toBe('Bearer realm="cutover"');
  });

  it('lets everything through with authentication off', () => {
    const off = new ScopeGuard(ApiAuth.fromConfig({ tokens: [] }, {}), new Reflector());
    expect(off.canActivate(contextOf('undeclared').context)).toBe(true);
  });
});
