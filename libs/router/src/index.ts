export * from './router';
export * from './errors';
export * from './local/local-router';
export * from './local/traffic-counter';
export * from './kubernetes/label-router';
export * from './kubernetes/namespace-router';
export * from './kubernetes/create-router';
export type { KubernetesRouterOptions } from './kubernetes/router-base';
export { KubernetesRouterApiError, RouterKubeconfigError, SwitchNotConfirmedError } from './kubernetes/errors';
