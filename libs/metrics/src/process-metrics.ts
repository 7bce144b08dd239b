// One registry per process: every part of a service records into the same metrics, and
// /metrics serves them with Node's default process metrics (CPU, memory, event loop lag).
import { collectDefaultMetrics } from 'prom-client';
import { createCutoverMetrics, type CutoverMetrics } from './cutover-metrics';

// Gauges prom-client names with a counter's suffix, which `promtool check metrics` rejects;
// nodejs_active_handles and nodejs_active_requests (by type) carry the same figures.
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

let metrics: CutoverMetrics | null = null;

export function processMetrics(): CutoverMetrics {
  if (!metrics) {
    metrics = createCutoverMetrics();
    collectDefaultMetrics({ register: metrics.registry });
    for (const name of MISNAMED_DEFAULTS) metrics.registry.removeSingleMetric(name);
  }
  return metrics;
}
