export { ApiAuth, type ApiCaller } from './api-auth';
export { apiAuthProvider } from './api-auth.provider';
export { CallerName } from './caller';
export { ApiTokenEnvMissingError } from './errors';
export { OpenRoute, RequireScope, SCOPE_RULE, type ScopeRule } from './require-scope';
export { ScopeGuard } from './scope.guard';
export { scopesGrant } from './scopes';
