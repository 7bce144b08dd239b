// Probe latency and failures by probe kind, measured around whatever Prober the monitor uses.
import type { Endpoint, HttpProbe, ProbeResult } from '@cutover/contracts';
import type { CutoverMetrics } from '@cutover/metrics';
import type { Prober } from '../monitor/watch-set';

export class MeteredProber implements Prober {
  constructor(
    private readonly inner: Prober,
    private readonly metrics: CutoverMetrics,
  ) {}

  async probe(endpoint: Endpoint, spec: HttpProbe): Promise<ProbeResult> {
    const result = await this.inner.probe(endpoint, spec);
    const kind = spec.kind ?? 'http';
    // A probe that timed out or was refused has no latency of its own: only its failure counts.
    if (result.latencyMs !== undefined) this.metrics.probeDuration.observe({ kind }, result.latencyMs / 1000);
    if (!result.ok) this.metrics.probeFailures.inc({ kind });
    return result;
  }
}
