import { Controller, Get, UseGuards } from '@nestjs/common';
import type { HealthSnapshot } from '@cutover/contracts';
import { RequireScope, ScopeGuard } from '@cutover/service-kit';
import { HealthMonitor } from '../monitor/health-monitor.service';

@Controller('api')
@UseGuards(ScopeGuard)
export class HealthApiController {
  constructor(private readonly monitor: HealthMonitor) {}

  /** The current snapshot of every watched environment. */
  @Get('health')
  @RequireScope('read')
  health(): HealthSnapshot[] {
    return this.monitor.snapshots();
  }
}
