import { Controller, Get } from '@nestjs/common';
import type { HealthSnapshot } from '@cutover/contracts';
import { HealthMonitor } from '../monitor/health-monitor.service';

@Controller('api')
export class HealthApiController {
  constructor(private readonly monitor: HealthMonitor) {}

  /** The current snapshot of every watched environment. */
  @Get('health')
  health(): HealthSnapshot[] {
    return this.monitor.snapshots();
  }
}
