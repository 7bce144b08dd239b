// Every subject Cutover uses is built here from one prefix; no other file types a subject.
// Tokens that come from users (service names) are checked so they can never inject
// wildcards or extra tokens into a subject.
import { InvalidSubjectTokenError } from './errors';
import type { Color } from './schemas/common';

export const PREFIX = 'cutover';

const TOKEN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function token(value: string, what = 'token'): string {
  if (!TOKEN.test(value)) throw new InvalidSubjectTokenError(what, value);
  return value;
}

const join = (...parts: string[]) => [PREFIX, ...parts].join('.');

export const subjects = {
  all: () => join('>'),

  // Commands: JetStream, stream CUTOVER_COMMANDS, consumed by exactly one service each.
  commandsAll: () => join('cmd', '>'),
  release: () => join('cmd', 'release'),
  approve: () => join('cmd', 'deployment', 'approve'),
  abort: () => join('cmd', 'deployment', 'abort'),
  promote: () => join('cmd', 'deployment', 'promote'),
  rollback: () => join('cmd', 'rollback'),
  switch: () => join('cmd', 'switch'),

  // Events: JetStream, stream CUTOVER_EVENTS, fan-out to anyone interested.
  eventsAll: () => join('evt', '>'),
  deploymentEvent: (service: string) => join('evt', 'deployment', token(service, 'service')),
  deploymentEventsAll: () => join('evt', 'deployment', '*'),
  releaseRejected: () => join('evt', 'release', 'rejected'),
  switchResult: (service: string) => join('evt', 'switch', token(service, 'service')),
  switchResultsAll: () => join('evt', 'switch', '*'),
  healthTransition: (service: string, color: Color) =>
    join('evt', 'health', token(service, 'service'), token(color, 'color')),
  healthTransitionsAll: () => join('evt', 'health', '*', '*'),
  environmentEvent: (service: string, color: Color) =>
    join('evt', 'environment', token(service, 'service'), token(color, 'color')),
  environmentEventsAll: () => join('evt', 'environment', '*', '*'),
  notification: (service: string) => join('evt', 'notification', token(service, 'service')),
  notificationsAll: () => join('evt', 'notification', '*'),

  // Telemetry: plain pub/sub; losing one sample is harmless, the next replaces it.
  healthSnapshot: (service: string, color: Color) =>
    join('health', 'snapshot', token(service, 'service'), token(color, 'color')),
  healthSnapshotsAll: () => join('health', 'snapshot', '*', '*'),
  traffic: (service: string) => join('traffic', token(service, 'service')),
  trafficAll: () => join('traffic', '*'),

  // Request-reply to the runtime agent. Every operation is idempotent, so a lost reply is
  // retried by the caller rather than made durable.
  runtimeEnsure: () => join('rpc', 'runtime', 'ensure'),
  runtimeScaleDown: () => join('rpc', 'runtime', 'scale-down'),
  runtimeDiagnostics: () => join('rpc', 'runtime', 'diagnostics'),

  // Dead letters: JetStream, stream CUTOVER_DLQ. The origin subject is kept in the record.
  deadLetter: (consumer: string) => join('dlq', token(consumer, 'consumer')),
  deadLettersAll: () => join('dlq', '*'),
} as const;

export type SubjectName = keyof typeof subjects;

export const streams = {
  commands: { name: 'CUTOVER_COMMANDS', subjects: [subjects.commandsAll()] },
  events: { name: 'CUTOVER_EVENTS', subjects: [subjects.eventsAll()] },
  deadLetters: { name: 'CUTOVER_DLQ', subjects: [subjects.deadLettersAll()] },
} as const;

export const buckets = {
  deployments: 'cutover_deployments',
  services: 'cutover_services',
  routing: 'cutover_routing',
  environments: 'cutover_environments',
  health: 'cutover_health',
  diagnostics: 'cutover_diagnostics',
  leases: 'cutover_leases',
} as const;

/** KV key for one environment of a service. */
export const environmentKey = (service: string, color: Color) => `${token(service, 'service')}.${color}`;
