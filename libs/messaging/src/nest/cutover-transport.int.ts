import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { CutoverError, type EnsureEnvironment, type Envelope, type ReleaseCommand } from '@cutover/contracts';
import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import type { Bus } from '../bus';
import { RpcError, UnknownPatternError } from '../errors';
import { CutoverContext } from './cutover-context';
import { CutoverErrorFilter } from './cutover-error.filter';
import { CutoverTransport } from './cutover-transport';
import { BUS } from './messaging.constants';
import { MessagingModule } from './messaging.module';

class ImageMissingError extends CutoverError {
  constructor() {
    super('image_missing', 'no such image');
  }
}

const seen: Array<{ version: string; delivery: number; subject: string }> = [];

@Controller()
class ReleaseController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @EventPattern('release')
  async onRelease(@Payload() env: Envelope<ReleaseCommand>, @Ctx() ctx: CutoverContext): Promise<void> {
    seen.push({ version: env.data.version, delivery: ctx.getDeliveryCount(), subject: ctx.getSubject() });
    if (env.data.version === '0.0.1' && ctx.getDeliveryCount() === 1) throw new Error('first attempt fails');
  }

  @MessagePattern('runtimeEnsure')
  async ensure(@Payload() env: Envelope<EnsureEnvironment>): Promise<{ color: string; by: string }> {
    if (!env.data.image) throw new ImageMissingError();
    return { color: env.data.color, by: this.bus.name };
  }
}

describe('CutoverTransport', () => {
  let fx: MessagingFixture;
  let app: INestMicroservice;
  let client: Bus;

  beforeAll(async () => {
    fx = await startMessaging();
    const bus = await fx.connect('orchestrator');
    client = await fx.connect('cli');
    @Module({ imports: [MessagingModule.forRoot(bus)], controllers: [ReleaseController] })
    class AppModule {}
    app = await NestFactory.createMicroservice(AppModule, {
      strategy: new CutoverTransport({ bus, durablePrefix: 'orchestrator', consume: { retryDelayMs: 20 } }),
      logger: false,
    });
    app.useGlobalFilters(new CutoverErrorFilter());
    await app.listen();
  });
  afterAll(async () => {
    await app.close();
    await fx.stop();
  });

  it('binds @EventPattern to a durable consumer named after the prefix and the key', async () => {
    await client.publish('release', [], { service: 'checkout', version: '1.0.0' });
    await waitFor(() => seen.some((s) => s.version === '1.0.0'), { what: 'the event handler' });
    expect(seen.find((s) => s.version === '1.0.0')).toEqual({ version: '1.0.0', delivery: 1, subject: 'cutover.cmd.release' });
    const jsm = await client.connection.jetstreamManager();
    expect((await jsm.consumers.info('CUTOVER_COMMANDS', 'orchestrator-release')).config.filter_subject).toBe('cutover.cmd.release');
  });

  it('redelivers an event whose handler threw', async () => {
    await client.publish('release', [], { service: 'checkout', version: '0.0.1' });
    await waitFor(() => seen.filter((s) => s.version === '0.0.1').length === 2, { what: 'the redelivery' });
    expect(seen.filter((s) => s.version === '0.0.1').map((s) => s.delivery)).toEqual([1, 2]);
  });

  it('binds @MessagePattern to request-reply, keeping error codes', async () => {
    const ensure: EnsureEnvironment = { service: 'checkout', color: 'blue', version: '1.0.0', env: {}, image: 'checkout:1.0.0' };
    await expect(client.request('runtimeEnsure', ensure)).resolves.toEqual({ color: 'blue', by: 'orchestrator' });
    const failed = client.request('runtimeEnsure', { ...ensure, image: undefined });
    await expect(failed).rejects.toBeInstanceOf(RpcError);
    await expect(failed).rejects.toMatchObject({ code: 'image_missing', message: 'no such image' });
  });

  it('refuses to start with a pattern that is not a message key', async () => {
    @Controller()
    class TypoController {
      @EventPattern('relaese')
      async onTypo(): Promise<void> {}
    }
    @Module({ controllers: [TypoController] })
    class TypoModule {}
    const bus = await fx.connect('orchestrator');
    const typo = await NestFactory.createMicroservice(TypoModule, { strategy: new CutoverTransport({ bus, durablePrefix: 'typo' }), logger: false });
    await expect(typo.listen()).rejects.toBeInstanceOf(UnknownPatternError);
    await typo.close();
  });
});
