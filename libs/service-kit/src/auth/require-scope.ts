// Route metadata read by ScopeGuard: the scope a route needs, or that it is open.
import { SetMetadata } from '@nestjs/common';
import type { ApiScope } from '@cutover/config';

export const SCOPE_RULE = Symbol('ScopeRule');

export type ScopeRule =
  | { open: true }
  | {
      open: false;
      scope: ApiScope;
      /**
       * Also accept ?access_token=: a browser's EventSource and <a href> cannot send an
       * Authorization header. Only for the dashboard: query strings end up in proxy logs.
       */
      queryToken: boolean;
    };

export const RequireScope = (scope: ApiScope, opts: { queryToken?: boolean } = {}) =>
  SetMetadata<symbol, ScopeRule>(SCOPE_RULE, { open: false, scope, queryToken: opts.queryToken ?? false });

/** No token needed, even with authentication on: for files that carry no data. */
export const OpenRoute = () => SetMetadata<symbol, ScopeRule>(SCOPE_RULE, { open: true });
