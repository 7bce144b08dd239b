// What the demo app tells Prometheus: requests by status code and a latency histogram, each
// labelled with the release's version and color so a PromQL check can single out one color.
import { Counter, Histogram, Registry } from 'prom-client';

export interface DemoMetrics {
  registry: Registry;
  /** Counts one answered request. */
  observe(path: string, status: number, seconds: number): void;
}

// Per-server registry: several demo servers in one test process must not share counters.
export function createDemoMetrics(identity: { version: string; color: string }): DemoMetrics {
  const registry = new Registry();
  registry.setDefaultLabels(identity);
  const requests = new Counter({
    name: 'demo_http_requests_total',
    help: 'HTTP requests answered, by path and status code',
    labelNames: ['path', 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'demo_http_request_duration_seconds',
    help: 'Time from request to answer, by path',
    labelNames: ['path'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    registry,
    observe(path, status, seconds) {
      requests.inc({ path, code: String(status) });
      duration.observe({ path }, seconds);
    },
  };
}
