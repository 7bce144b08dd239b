// @kubernetes/client-node is an ES module of several megabytes: it is imported on first use,
// so processes and tests that never talk to Kubernetes do not pay for it.
import type * as K8s from '@kubernetes/client-node';

let clientModule: Promise<typeof K8s> | null = null;

export const loadClient = (): Promise<typeof K8s> => (clientModule ??= import('@kubernetes/client-node'));
