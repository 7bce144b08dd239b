// The NATS and Kubernetes clients report through plain hooks; this is the one place that
// turns those reports into metrics, so neither client library knows about Prometheus.
import { onKubeApiError } from '@cutover/kube';
import type { Bus, ConnectionEvent } from '@cutover/messaging';
import { operationKind, statusClass, type CutoverMetrics } from '@cutover/metrics';

/** Starts counting client errors of this process; returns the way to stop. */
export function instrumentClients(bus: Bus, metrics: CutoverMetrics): () => void {
  const counters: Record<ConnectionEvent, CutoverMetrics['natsErrors']> = {
    disconnect: metrics.natsDisconnects,
    reconnect: metrics.natsReconnects,
    error: metrics.natsErrors,
  };
  const stopNats = bus.onConnectionEvent((event) => counters[event].inc());
  const stopKube = onKubeApiError((err) =>
    metrics.kubernetesApiErrors.inc({ operation: operationKind(err.operation), status_class: statusClass(err.status) }),
  );
  return () => {
    stopNats();
    stopKube();
  };
}
