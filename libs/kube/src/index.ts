export { KubeClient } from './kube-client';
export { loadKubeConfig } from './kube-config';
export { call, readOrNull, selectorText } from './call';
export { KubernetesApiError, KubeconfigError } from './errors';
export type { PodWatch, PodWatchHandlers } from './pod-watch';
