import type { V1Pod } from '@kubernetes/client-node';
import { call, type KubeClient } from '@cutover/kube';
import { LOG_BYTES_PER_CONTAINER, LOG_LINES, PODS_WITH_LOGS, type ContainerLogs } from './diagnostics';

// The API server fetches logs from the node's kubelet; a node that has none (kwok's) may
// leave it waiting for a connection. Diagnostics must not wait with it.
const LOG_TIMEOUT_MS = 3_000;

/**
 * The last lines of every container of the first pods. A container whose logs the API
 * cannot give (not started yet, a node without a kubelet such as kwok's) says why instead.
 */
export async function readPodLogs(api: KubeClient, namespace: string, pods: V1Pod[]): Promise<ContainerLogs[]> {
  const targets = pods.slice(0, PODS_WITH_LOGS).flatMap((pod) =>
    (pod.spec?.containers ?? []).map((c) => ({ pod: pod.metadata?.name ?? '', container: c.name })),
  );
  return Promise.all(
    targets.map(async ({ pod, container }): Promise<ContainerLogs> => {
      const read = call(`read logs of ${namespace}/${pod}/${container}`, () =>
        api.core.readNamespacedPodLog({ namespace, name: pod, container, tailLines: LOG_LINES, limitBytes: LOG_BYTES_PER_CONTAINER }),
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`cannot read logs of ${namespace}/${pod}/${container}: no answer within ${LOG_TIMEOUT_MS} ms`)), LOG_TIMEOUT_MS);
      });
      try {
        const text = await Promise.race([read, late]);
        return { pod, container, lines: text.split('\n').filter((line) => line.length > 0) };
      } catch (err) {
        read.catch(() => undefined);
        return { pod, container, unavailable: (err as Error).message };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
