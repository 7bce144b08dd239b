// The metrics Cutover exports, defined once so every process and the README agree on names,
// types and labels. Labels are bounded: services and colors come from the configuration,
// the rest from fixed sets; deployment ids never become labels.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FAULT_TO_ROLLBACK_BUCKETS, LEAD_TIME_BUCKETS, PHASE_BUCKETS, PROBE_BUCKETS, RESTORE_BUCKETS, SWITCH_BUCKETS } from './buckets';

export type DeploymentOutcome = 'Succeeded' | 'Failed' | 'RolledBack' | 'Aborted';
export type RollbackTrigger = 'automatic' | 'manual';
export type NatsConnectionEvent = 'disconnect' | 'reconnect' | 'error';

export interface CutoverMetrics {
  readonly registry: Registry;
  readonly deployments: Counter<'service' | 'outcome'>;
  readonly phaseDuration: Histogram<'phase'>;
  readonly switchDuration: Histogram<'router'>;
  readonly switches: Counter<'router' | 'result'>;
  readonly rollbacks: Counter<'service' | 'trigger'>;
  readonly faultToRollback: Histogram<string>;
  readonly healthState: Gauge<'service' | 'color' | 'state'>;
  readonly probeDuration: Histogram<'kind'>;
  readonly probeFailures: Counter<'kind'>;
  readonly natsErrors: Counter<string>;
  readonly natsDisconnects: Counter<string>;
  readonly natsReconnects: Counter<string>;
  readonly kubernetesApiErrors: Counter<'operation' | 'status_class'>;
  readonly doraDeployments: Counter<'service' | 'environment'>;
  readonly doraLiveChanges: Counter<'service' | 'environment'>;
  readonly doraChangeFailures: Counter<'service' | 'environment'>;
  readonly doraLeadTime: Histogram<'service' | 'environment'>;
  readonly doraTimeToRestore: Histogram<'service' | 'environment'>;
}

/** Cutover's metrics registered in `registry` (a fresh one by default). */
export function createCutoverMetrics(registry = new Registry()): CutoverMetrics {
  const registers = [registry];
  return {
    registry,
    deployments: new Counter({
      name: 'cutover_deployments_total',
      help: 'Deployments that ended, by service and outcome (Succeeded, Failed, RolledBack, Aborted).',
      labelNames: ['service', 'outcome'],
      registers,
    }),
    phaseDuration: new Histogram({
      name: 'cutover_deployment_phase_duration_seconds',
      help: 'Time deployments spent in a phase, observed when they leave it.',
      labelNames: ['phase'],
      buckets: PHASE_BUCKETS,
      registers,
    }),
    switchDuration: new Histogram({
      name: 'cutover_switch_duration_seconds',
      help: 'Time of a successful traffic switch, read-back confirmation included, by router kind.',
      labelNames: ['router'],
      buckets: SWITCH_BUCKETS,
      registers,
    }),
    switches: new Counter({
      name: 'cutover_switches_total',
      help: 'Switch commands carried out, by router kind and result (ok, failed).',
      labelNames: ['router', 'result'],
      registers,
    }),
    rollbacks: new Counter({
      name: 'cutover_rollbacks_total',
      help: 'Rollbacks started, by service and trigger (automatic: health degraded; manual: a command).',
      labelNames: ['service', 'trigger'],
      registers,
    }),
    faultToRollback: new Histogram({
      name: 'cutover_fault_to_rollback_seconds',
      help: 'From the first fault seen on a live color to traffic confirmed back on the previous color.',
      buckets: FAULT_TO_ROLLBACK_BUCKETS,
      registers,
    }),
    healthState: new Gauge({
      name: 'cutover_health_state',
      help: 'Health of each watched environment: 1 for its current state (healthy, degraded, unhealthy, unknown), 0 for the others.',
      labelNames: ['service', 'color', 'state'],
      registers,
    }),
    probeDuration: new Histogram({
      name: 'cutover_probe_duration_seconds',
      help: 'Latency of health probes, by probe kind.',
      labelNames: ['kind'],
      buckets: PROBE_BUCKETS,
      registers,
    }),
    probeFailures: new Counter({
      name: 'cutover_probe_failures_total',
      help: 'Health probes that failed (bad status, timeout, refused), by probe kind.',
      labelNames: ['kind'],
      registers,
    }),
    natsErrors: new Counter({
      name: 'cutover_nats_errors_total',
      help: 'Errors the NATS server reported to this client asynchronously (permissions, slow consumer).',
      registers,
    }),
    natsDisconnects: new Counter({
      name: 'cutover_nats_disconnects_total',
      help: 'Times this process lost its NATS connection.',
      registers,
    }),
    natsReconnects: new Counter({
      name: 'cutover_nats_reconnects_total',
      help: 'Times this process got its NATS connection back.',
      registers,
    }),
    kubernetesApiErrors: new Counter({
      name: 'cutover_kubernetes_api_errors_total',
      help: 'Failed Kubernetes API calls, by operation (read, list, apply, patch...) and HTTP status class (4xx, 5xx, none: no answer).',
      labelNames: ['operation', 'status_class'],
      registers,
    }),
    doraDeployments: new Counter({
      name: 'cutover_dora_deployments_total',
      help: 'DORA deployment frequency: deployments that succeeded, by service and environment.',
      labelNames: ['service', 'environment'],
      registers,
    }),
    doraLiveChanges: new Counter({
      name: 'cutover_dora_live_changes_total',
      help: 'Finished deployments that went live (traffic switched to them), by service and environment: the base of the change failure rate.',
      labelNames: ['service', 'environment'],
      registers,
    }),
    doraChangeFailures: new Counter({
      name: 'cutover_dora_change_failures_total',
      help: 'DORA change failures: deployments that went live and were rolled back or failed, by service and environment.',
      labelNames: ['service', 'environment'],
      registers,
    }),
    doraLeadTime: new Histogram({
      name: 'cutover_dora_lead_time_seconds',
      help: 'DORA lead time for changes: from the commit time given with the release to the switch, for deployments that succeeded.',
      labelNames: ['service', 'environment'],
      buckets: LEAD_TIME_BUCKETS,
      registers,
    }),
    doraTimeToRestore: new Histogram({
      name: 'cutover_dora_time_to_restore_seconds',
      help: 'DORA time to restore: from the first fault of a live change to traffic back on the previous color.',
      labelNames: ['service', 'environment'],
      buckets: RESTORE_BUCKETS,
      registers,
    }),
  };
}
