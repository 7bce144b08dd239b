import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { CutoverMetrics } from '@cutover/metrics';
import { METRICS } from '../service-kit.constants';

/** Prometheus text exposition of this process's registry. */
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: CutoverMetrics) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
