import type * as K8s from '@kubernetes/client-node';
import { loadClient } from './client-module';
import { KubeconfigError } from './errors';

/** The kubeconfig at path, or the client's default ($KUBECONFIG, ~/.kube/config, in-cluster). */
export async function loadKubeConfig(path: string | null): Promise<K8s.KubeConfig> {
  const { KubeConfig } = await loadClient();
  const kc = new KubeConfig();
  try {
    if (path) kc.loadFromFile(path);
    else kc.loadFromDefault();
  } catch (cause) {
    throw new KubeconfigError(path, { cause });
  }
  if (!kc.getCurrentCluster()) throw new KubeconfigError(path, { cause: new Error('it names no current cluster') });
  return kc;
}
