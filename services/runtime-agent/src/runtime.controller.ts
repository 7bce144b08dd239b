import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { EnsureEnvironment, Envelope, RuntimeDiagnosticsRequest, ScaleDown } from '@cutover/contracts';
import { CutoverErrorFilter } from '@cutover/messaging';
import { RuntimeAgentService } from './runtime-agent.service';

/** Request-reply surface of the agent; the transport has validated every envelope. */
@Controller()
@UseFilters(CutoverErrorFilter)
export class RuntimeController {
  constructor(private readonly agent: RuntimeAgentService) {}

  @MessagePattern('runtimeEnsure')
  ensure(@Payload() env: Envelope<EnsureEnvironment>) {
    return this.agent.ensure(env.data);
  }

  @MessagePattern('runtimeScaleDown')
  scaleDown(@Payload() env: Envelope<ScaleDown>) {
    return this.agent.scaleDown(env.data);
  }

  @MessagePattern('runtimeDiagnostics')
  diagnostics(@Payload() env: Envelope<RuntimeDiagnosticsRequest>) {
    return this.agent.diagnostics(env.data);
  }
}
