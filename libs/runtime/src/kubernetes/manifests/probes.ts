// Kubernetes probes from the same settings the local runtime and the health-monitor use, so
// "ready" means the same thing in every runtime.
import type { V1Probe } from '@kubernetes/client-node';
import type { ServiceConfig } from '@cutover/config';

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
// Kubernetes probes at most once a second; liveness less often, so a slow answer under load
// is not mistaken for a dead process.
const LIVENESS_MIN_PERIOD_S = 10;

/** Ready = GET readinessPath answers, checked as often as the policy probes. */
export function readinessProbe(service: ServiceConfig): V1Probe {
  const { probe } = service.policy;
  return {
    httpGet: { path: service.readinessPath, port: service.kubernetes.containerPort },
    periodSeconds: seconds(probe.intervalMs),
    timeoutSeconds: seconds(probe.timeoutMs),
    failureThreshold: probe.failureThreshold,
    successThreshold: probe.successThreshold,
  };
}

/** Restart a container whose health path stops answering, but only once it has started. */
export function livenessProbe(service: ServiceConfig): V1Probe {
  const { probe } = service.policy;
  return {
    httpGet: { path: probe.path, port: service.kubernetes.containerPort },
    periodSeconds: Math.max(LIVENESS_MIN_PERIOD_S, seconds(probe.intervalMs)),
    timeoutSeconds: seconds(probe.timeoutMs),
    failureThreshold: probe.failureThreshold,
    successThreshold: 1,
  };
}

/** Holds liveness off for as long as a release may take to become ready. */
export function startupProbe(service: ServiceConfig): V1Probe {
  return {
    httpGet: { path: service.readinessPath, port: service.kubernetes.containerPort },
    periodSeconds: 1,
    timeoutSeconds: seconds(service.policy.probe.timeoutMs),
    failureThreshold: seconds(service.policy.readinessTimeoutMs),
    successThreshold: 1,
  };
}
