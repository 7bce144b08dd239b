import type { Provider } from '@nestjs/common';
import type { ServiceContext } from '../bootstrap';
import { API_AUTH } from '../service-kit.constants';
import { ApiAuth } from './api-auth';

/** For a module whose controllers use ScopeGuard: the service's token table, or (a module mounted by a test) its config's. */
export const apiAuthProvider = (ctx: ServiceContext): Provider => ({
  provide: API_AUTH,
  useFactory: () => ctx.apiAuth ?? ApiAuth.fromConfig(ctx.config.api, process.env),
});
