// The catalog: every message type, its payload schema, the subject it travels on and who
// publishes it. docs/asyncapi.yaml is checked against this list in a test.
import type { Static, TSchema } from '@sinclair/typebox';
import { DeploymentVerbSchema, ReleaseCommandSchema, RollbackCommandSchema, SwitchCommandSchema } from './schemas/commands';
import { DeploymentEventSchema, ReleaseRejectedSchema } from './schemas/deployment';
import {
  EnsureEnvironmentSchema,
  EnvironmentStateSchema,
  RuntimeDiagnosticsRequestSchema,
  ScaleDownSchema,
} from './schemas/environment';
import { HealthSnapshotSchema, HealthTransitionSchema } from './schemas/health';
import { DeadLetterSchema, NotificationSchema } from './schemas/operations';
import { SwitchResultSchema, TrafficSampleSchema } from './schemas/routing';
import { subjects, type SubjectName } from './subjects';

export type Transport = 'jetstream' | 'core' | 'request-reply';

export interface MessageType<S extends TSchema = TSchema> {
  type: string;
  version: number;
  schema: S;
  subject: SubjectName;
  transport: Transport;
  publishers: string[];
  summary: string;
  /** Names of the subject function's parameters, in order. */
  params?: readonly string[];
}

const def = <S extends TSchema>(m: MessageType<S>) => m;

export const Messages = {
  release: def({ type: 'cutover.release', version: 1, schema: ReleaseCommandSchema, subject: 'release', transport: 'jetstream', publishers: ['cli', 'orchestrator-http'], summary: 'Run a version of a service' }),
  approve: def({ type: 'cutover.deployment.approve', version: 1, schema: DeploymentVerbSchema, subject: 'approve', transport: 'jetstream', publishers: ['cli', 'orchestrator-http'], summary: 'Approve a deployment waiting in AwaitingApproval' }),
  abort: def({ type: 'cutover.deployment.abort', version: 1, schema: DeploymentVerbSchema, subject: 'abort', transport: 'jetstream', publishers: ['cli', 'orchestrator-http'], summary: 'Abort a deployment before it switches traffic' }),
  promote: def({ type: 'cutover.deployment.promote', version: 1, schema: DeploymentVerbSchema, subject: 'promote', transport: 'jetstream', publishers: ['cli', 'orchestrator-http'], summary: 'Skip the remaining wait of the current phase' }),
  rollback: def({ type: 'cutover.rollback', version: 1, schema: RollbackCommandSchema, subject: 'rollback', transport: 'jetstream', publishers: ['cli', 'orchestrator-http'], summary: 'Put traffic back on the previous color' }),
  switch: def({ type: 'cutover.switch', version: 1, schema: SwitchCommandSchema, subject: 'switch', transport: 'jetstream', publishers: ['orchestrator', 'rollback'], summary: 'Point live traffic at a color, compare-and-set on the current one' }),
  deploymentEvent: def({ type: 'cutover.deployment.event', version: 1, schema: DeploymentEventSchema, subject: 'deploymentEvent', params: ['service'], transport: 'jetstream', publishers: ['orchestrator', 'rollback'], summary: 'A deployment changed phase' }),
  releaseRejected: def({ type: 'cutover.release.rejected', version: 1, schema: ReleaseRejectedSchema, subject: 'releaseRejected', transport: 'jetstream', publishers: ['orchestrator'], summary: 'A release command was refused, with the reason' }),
  switchResult: def({ type: 'cutover.switch.result', version: 1, schema: SwitchResultSchema, subject: 'switchResult', params: ['service'], transport: 'jetstream', publishers: ['switcher'], summary: 'Outcome of a switch command, after reading the routing back' }),
  healthTransition: def({ type: 'cutover.health.transition', version: 1, schema: HealthTransitionSchema, subject: 'healthTransition', params: ['service', 'color'], transport: 'jetstream', publishers: ['health-monitor'], summary: 'An environment changed health state' }),
  environmentEvent: def({ type: 'cutover.environment.event', version: 1, schema: EnvironmentStateSchema, subject: 'environmentEvent', params: ['service', 'color'], transport: 'jetstream', publishers: ['runtime-agent'], summary: 'An environment changed status' }),
  notification: def({ type: 'cutover.notification', version: 1, schema: NotificationSchema, subject: 'notification', params: ['service'], transport: 'jetstream', publishers: ['rollback', 'orchestrator', 'health-monitor'], summary: 'Something a human should hear about' }),
  healthSnapshot: def({ type: 'cutover.health.snapshot', version: 1, schema: HealthSnapshotSchema, subject: 'healthSnapshot', params: ['service', 'color'], transport: 'core', publishers: ['health-monitor'], summary: 'Current health of one environment, every probe interval' }),
  traffic: def({ type: 'cutover.traffic', version: 1, schema: TrafficSampleSchema, subject: 'traffic', params: ['service'], transport: 'core', publishers: ['switcher'], summary: 'Live traffic counted by the router, per color' }),
  runtimeEnsure: def({ type: 'cutover.runtime.ensure', version: 1, schema: EnsureEnvironmentSchema, subject: 'runtimeEnsure', transport: 'request-reply', publishers: ['orchestrator'], summary: 'Make an environment run a release (idempotent)' }),
  runtimeScaleDown: def({ type: 'cutover.runtime.scale-down', version: 1, schema: ScaleDownSchema, subject: 'runtimeScaleDown', transport: 'request-reply', publishers: ['orchestrator', 'rollback'], summary: 'Stop an environment (idempotent)' }),
  runtimeDiagnostics: def({ type: 'cutover.runtime.diagnostics', version: 1, schema: RuntimeDiagnosticsRequestSchema, subject: 'runtimeDiagnostics', transport: 'request-reply', publishers: ['rollback', 'cli'], summary: 'Runtime state of an environment for a diagnostics bundle' }),
  deadLetter: def({ type: 'cutover.dead-letter', version: 1, schema: DeadLetterSchema, subject: 'deadLetter', params: ['consumer'], transport: 'jetstream', publishers: ['orchestrator', 'health-monitor', 'switcher', 'rollback', 'runtime-agent'], summary: 'A message that could not be processed, with the reason' }),
} as const;

export type MessageKey = keyof typeof Messages;
export type PayloadOf<K extends MessageKey> = Static<(typeof Messages)[K]['schema']>;

/** The subject with its parameters shown as {name}, as the AsyncAPI channel address. */
export function subjectTemplate(m: MessageType): string {
  const fn = subjects[m.subject] as (...args: string[]) => string;
  const params = m.params ?? [];
  const samples = params.map((p) => (p === 'color' ? 'blue' : `x${p}x`));
  let s = fn(...samples);
  params.forEach((p, i) => (s = s.replace(samples[i]!, `{${p}}`)));
  return s;
}
