// Kubernetes objects as the API returns them, reduced to the fields Cutover reads.
import type { CoreV1Event, V1ContainerStatus, V1Deployment, V1Pod, V1PodCondition, V1ReplicaSet } from '@kubernetes/client-node';

export const HASH = 'aaaa111122223333';

export function deployment(over: {
  replicas?: number;
  generation?: number;
  observedGeneration?: number;
  status?: { replicas?: number; updatedReplicas?: number; availableReplicas?: number; readyReplicas?: number };
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  hash?: string;
  appliedAt?: string;
} = {}): V1Deployment {
  const replicas = over.replicas ?? 2;
  return {
    metadata: {
      name: 'shop-green',
      namespace: 'cutover-shop',
      generation: over.generation ?? 1,
      annotations: {
        'cutover.dev/version': '2.0.0',
        'cutover.dev/spec-hash': over.hash ?? HASH,
        'cutover.dev/applied-at': over.appliedAt ?? '2025-03-01T10:00:00.000Z',
      },
    },
    spec: { replicas, selector: {}, template: {} },
    status: {
      observedGeneration: over.observedGeneration ?? 1,
      replicas,
      updatedReplicas: replicas,
      availableReplicas: 0,
      ...over.status,
      conditions: (over.conditions ?? []).map((c) => ({ ...c })),
    },
  };
}

export function replicaSet(hash: string, conditions: { type: string; status: string; reason?: string; message?: string }[] = []): V1ReplicaSet {
  return {
    metadata: { name: `shop-green-${hash.slice(0, 6)}` },
    spec: { selector: {}, template: { metadata: { labels: { 'cutover.dev/spec-hash': hash } } } },
    status: { replicas: 0, conditions },
  };
}

const condition = (type: string, status: boolean, extra: Partial<V1PodCondition> = {}): V1PodCondition => ({ type, status: status ? 'True' : 'False', ...extra });

export function pod(
  name: string,
  over: { ready?: boolean; hash?: string; ip?: string; scheduled?: V1PodCondition; containers?: Partial<V1ContainerStatus>[]; deleting?: boolean } = {},
): V1Pod {
  return {
    metadata: {
      name,
      labels: { 'cutover.dev/spec-hash': over.hash ?? HASH },
      ...(over.deleting ? { deletionTimestamp: new Date('2025-03-01T10:00:05.000Z') } : {}),
    },
    spec: { containers: [{ name: 'shop' }], nodeName: 'kwok-node-0' },
    status: {
      phase: 'Running',
      podIP: over.ip,
      conditions: [over.scheduled ?? condition('PodScheduled', true), condition('Ready', over.ready ?? false)],
      containerStatuses: (over.containers ?? [{}]).map((c) => ({
        name: 'shop',
        image: 'shop:2',
        imageID: '',
        ready: over.ready ?? false,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: new Date('2025-03-01T10:00:01.000Z') } },
        ...c,
      })),
    },
  };
}

export function event(object: string, reason: string, message: string, count = 1, firstTimestamp?: Date): CoreV1Event {
  return {
    firstTimestamp,
    metadata: { name: `${object}.${reason}` },
    involvedObject: { kind: 'Pod', name: object },
    reason,
    message,
    count,
    type: 'Warning',
    lastTimestamp: new Date('2025-03-01T10:00:03.000Z'),
  };
}
