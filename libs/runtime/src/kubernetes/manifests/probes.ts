// Kubernetes probes from the same settings the local runtime and the health-monitor use, so
// "ready" means the same thing in every runtime.
import type { V1Probe } from '@kubernetes/client-node';
import type { ServiceConfig } from '@cutover/config';

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * How the kubelet reaches the container: a TCP connect for tcp probes, else an HTTP GET of
 * `path` (the kubelet only sends GET and counts any 2xx/3xx as success; body matches stay
 * with the health-monitor).
 */
function action(service: ServiceConfig, path: string): Pick<V1Probe, 'httpGet' | 'tcpSocket'> {
  const port = service.kubernetes.containerPort;
  return service.policy.probe.kind === 'tcp' ? { tcpSocket: { port } } : { httpGet: { path, port } };
}

/** An answer slower than the latency limit fails in the health-monitor; the kubelet's timeout says the same. */
function timeoutSeconds(service: ServiceConfig): number {
  const { timeoutMs, maxLatencyMs } = service.policy.probe;
  return seconds(maxLatencyMs == null ? timeoutMs : Math.min(timeoutMs, maxLatencyMs));
}
// Kubernetes probes at most once a second; liveness less often, so a slow answer under load
// is not mistaken for a dead process.
const LIVENESS_MIN_PERIOD_S = 10;

/** Ready = readinessPath answers (or the port accepts, for tcp), checked as often as the policy probes. */
export function readinessProbe(service: ServiceConfig): V1Probe {
  const { probe } = service.policy;
  return {
    ...action(service, service.readinessPath),
    periodSeconds: seconds(probe.intervalMs),
    timeoutSeconds: timeoutSeconds(service),
    failureThreshold: probe.failureThreshold,
    successThreshold: probe.successThreshold,
  };
}

/** Restart a container whose health path stops answering, but only once it has started. */
export function livenessProbe(service: ServiceConfig): V1Probe {
  const { probe } = service.policy;
  return {
    ...action(service, probe.path),
    periodSeconds: Math.max(LIVENESS_MIN_PERIOD_S, seconds(probe.intervalMs)),
    timeoutSeconds: timeoutSeconds(service),
    failureThreshold: probe.failureThreshold,
    successThreshold: 1,
  };
}

/** Holds liveness off for as long as a release may take to become ready. */
export function startupProbe(service: ServiceConfig): V1Probe {
  return {
    ...action(service, service.readinessPath),
    periodSeconds: 1,
    timeoutSeconds: timeoutSeconds(service),
    failureThreshold: seconds(service.policy.readinessTimeoutMs),
    successThreshold: 1,
  };
}
