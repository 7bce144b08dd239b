import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Bus } from '../bus';
import { BUS } from './messaging.constants';

/** Provides the Bus, connected before Nest starts, to every module. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(bus: Bus): DynamicModule {
    return { module: MessagingModule, providers: [{ provide: BUS, useValue: bus }], exports: [BUS] };
  }
}
