import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { BUS, type Bus } from '@cutover/messaging';

const CHECK_TIMEOUT_MS = 1000;

const within = <T>(p: Promise<T>): Promise<boolean> =>
  Promise.race([
    p.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CHECK_TIMEOUT_MS).unref()),
  ]).catch(() => false);

/** Liveness answers while the event loop runs; readiness needs a NATS round trip and JetStream. */
@Controller()
export class HealthController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz() {
    const nc = this.bus.connection;
    const nats = !nc.isClosed() && (await within(nc.flush()));
    const jetstream = nats && (await within(nc.jetstreamManager().then((jsm) => jsm.getAccountInfo())));
    const checks = { nats, jetstream };
    if (!nats || !jetstream) throw new HttpException({ status: 'not ready', checks }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ready', checks };
  }
}
