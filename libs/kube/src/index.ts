export { KubeClient } from './kube-client';
export { loadKubeConfig } from './kube-config';
export { call, readOrNull, selectorText } from './call';
export { KubernetesApiError, KubernetesRetriesExhaustedError, KubeconfigError } from './errors';
export { DEFAULT_RETRY_POLICY, backoffMs, isRetryable, withRetries, type RetryDeps, type RetryOptions, type RetryPolicy } from './retry';
export { onKubeApiError, type KubeApiErrorObserver } from './observer';
export type { PodWatch, PodWatchHandlers } from './pod-watch';
