export * from './buckets';
export * from './cutover-metrics';
export { processMetrics } from './process-metrics';
export { HEALTH_STATES, clearHealthState, setHealthState } from './health-state';
export { operationKind, statusClass } from './kubernetes-labels';
export { recordPhaseChange } from './deployment-events';
