import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { BUS, type Bus } from '@cutover/messaging';
import type { ReadinessCheck } from './readiness-checks';
import { READINESS_CHECKS } from './service-kit.constants';

const CHECK_TIMEOUT_MS = 1000;

const within = <T>(p: Promise<T>): Promise<boolean> =>
  Promise.race([
    p.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CHECK_TIMEOUT_MS).unref()),
  ]).catch(() => false);

/**
 * Liveness answers while the event loop runs; readiness needs a NATS round trip, JetStream,
 * and the service's own dependencies (the Kubernetes API where it uses it), each within 1 s.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(READINESS_CHECKS) private readonly dependencies: ReadinessCheck[],
  ) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz() {
    const nc = this.bus.connection;
    const nats = !nc.isClosed() && (await within(nc.flush()));
    const jetstream = nats && (await within(nc.jetstreamManager().then((jsm) => jsm.getAccountInfo())));
    const others = await Promise.all(this.dependencies.map(async (d) => [d.name, await within(d.run())] as const));
    const checks: Record<string, boolean> = { nats, jetstream, ...Object.fromEntries(others) };
    if (Object.values(checks).includes(false)) throw new HttpException({ status: 'not ready', checks }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ready', checks };
  }
}
