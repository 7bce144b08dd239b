export { KubeClient } from './kube-client';
export { loadKubeConfig } from './kube-config';
export { call, readOrNull, selectorText } from './call';
export { KubernetesApiError, KubeconfigError } from './errors';
export { onKubeApiError, type KubeApiErrorObserver } from './observer';
export type { PodWatch, PodWatchHandlers } from './pod-watch';
