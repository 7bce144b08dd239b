// Bearer-token check of the HTTP APIs (RFC 6750): 401 when the token is missing or unknown,
// 403 when it lacks the route's scope. A guarded route that declares no scope needs admin,
// so a route added without thought is closed rather than open.
import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_AUTH } from '../service-kit.constants';
import type { ApiAuth } from './api-auth';
import { SCOPE_RULE, type ScopeRule } from './require-scope';
import { attachCaller } from './caller';
import { scopesGrant } from './scopes';

const REALM = 'Bearer realm="cutover"';

@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(
    @Inject(API_AUTH) private readonly auth: ApiAuth,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<ScopeRule | undefined>(SCOPE_RULE, [context.getHandler(), context.getClass()]);
    if (rule?.open || !this.auth.enabled) return true;
    const needed = rule?.scope ?? 'admin';
    const http = context.switchToHttp();
    const req = http.getRequest<IncomingMessage>();
    const res = http.getResponse<ServerResponse>();
    const token = bearerToken(req) ?? (rule?.queryToken ? queryToken(req) : null);
    if (!token) {
      res.setHeader('WWW-Authenticate', REALM);
      throw new UnauthorizedException({ error: 'missing_token', message: 'this route needs a bearer token: Authorization: Bearer TOKEN' });
    }
    const caller = this.auth.identify(token);
    if (!caller) {
      res.setHeader('WWW-Authenticate', `${REALM}, error="invalid_token"`);
      throw new UnauthorizedException({ error: 'invalid_token', message: 'the bearer token is not one of api.tokens' });
    }
    attachCaller(req, caller);
    if (!scopesGrant(caller.scopes, needed)) {
      res.setHeader('WWW-Authenticate', `${REALM}, error="insufficient_scope", scope="${needed}"`);
      throw new ForbiddenException({
        error: 'insufficient_scope',
        message: `token "${caller.name}" lacks the "${needed}" scope this route needs`,
        requiredScope: needed,
      });
    }
    return true;
  }
}

function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

function queryToken(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('access_token') || null;
}
