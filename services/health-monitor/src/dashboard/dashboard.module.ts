// The live dashboard, mounted by the health-monitor's module.
import { Module, type DynamicModule } from '@nestjs/common';
import { apiAuthProvider, type ServiceContext } from '@cutover/service-kit';
import { DashboardAssets } from './assets';
import { DASHBOARD_FEED, DASHBOARD_STATE } from './dashboard.constants';
import { DashboardController } from './dashboard.controller';
import { DashboardFeed } from './dashboard-feed';
import { DashboardStreams } from './dashboard-streams';
import { openDashboardStores, StateReader } from './state-reader';

@Module({})
export class DashboardModule {
  static register(ctx: ServiceContext): DynamicModule {
    return {
      module: DashboardModule,
      controllers: [DashboardController],
      providers: [
        apiAuthProvider(ctx),
        DashboardAssets,
        DashboardStreams,
        { provide: DASHBOARD_FEED, useFactory: () => new DashboardFeed(ctx.bus, ctx.log.child({ component: 'dashboard' })) },
        { provide: DASHBOARD_STATE, useFactory: () => new StateReader(openDashboardStores(ctx.bus), Object.keys(ctx.config.services)) },
      ],
    };
  }
}
