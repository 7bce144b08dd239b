import type { ServiceConfig } from '@cutover/config';
import { DEFAULT_POLICY, mergePolicy, type PolicyOverride } from '@cutover/core';

/** A fully-defaulted service as the config builder makes it, with what a test changes. */
export function serviceConfig(name: string, over: Partial<Omit<ServiceConfig, 'kubernetes' | 'policy'>> & {
  kubernetes?: Partial<ServiceConfig['kubernetes']>;
  policy?: PolicyOverride;
} = {}): ServiceConfig {
  const { kubernetes, policy, ...rest } = over;
  return {
    name,
    command: [],
    cwd: '/',
    instances: 1,
    env: {},
    image: null,
    readinessPath: '/healthz',
    stopGracePeriodMs: 5_000,
    router: { host: '127.0.0.1', port: 80 },
    ...rest,
    kubernetes: { replicas: 2, containerPort: 8080, resources: { requests: {}, limits: {} }, quota: { pods: '4' }, podLabelsFromEnv: {}, ...kubernetes },
    policy: mergePolicy(DEFAULT_POLICY, policy),
  };
}
