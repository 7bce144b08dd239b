export type {
  CutoverConfig,
  ServiceConfig,
  ServiceKubernetesConfig,
  ResourceAmounts,
  RuntimeConfig,
  LocalRuntimeConfig,
  KubernetesRuntimeConfig,
  KubernetesMode,
} from './types';
export { loadConfig } from './load';
export { parseConfig, type LoadOptions, type RuntimeOverrides } from './parse';
export { parseEnvAssignments } from './env-assignments';
export { splitCommand } from './split-command';
export { DEFAULT_PORTS } from './defaults';
export * from './kubernetes-names';
export { ConfigError, ConfigReadError, CommandSyntaxError, InvalidEnvAssignmentError, formatConfigProblem, type ConfigProblem } from './errors';
export { NOTIFICATION_DEFAULTS, RECEIVER_KINDS, type NotificationsConfig, type NotificationReceiver, type NotificationRetry, type NotificationLevel, type ReceiverKind } from './notifications';
export { API_SCOPES, type ApiConfig, type ApiToken, type ApiTokenSource, type ApiScope } from './api-auth';
export { NATS_AUTH_DEFAULTS, type NatsConfig, type NatsAuthConfig, type NatsTlsConfig } from './nats';
export { NatsPasswordMissingError, natsClientOptions, type NatsClientOptions } from './nats-client';
