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
export { parseConfig, type RuntimeOverrides } from './parse';
export { parseEnvAssignments } from './env-assignments';
export { splitCommand } from './split-command';
export { DEFAULT_PORTS } from './defaults';
export * from './kubernetes-names';
export { ConfigError, ConfigReadError, CommandSyntaxError, InvalidEnvAssignmentError, formatConfigProblem, type ConfigProblem } from './errors';
