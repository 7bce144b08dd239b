export type { CutoverConfig, ServiceConfig } from './types';
export { loadConfig } from './load';
export { parseConfig } from './parse';
export { parseEnvAssignments } from './env-assignments';
export { splitCommand } from './split-command';
export { DEFAULT_PORTS } from './defaults';
export { ConfigError, ConfigReadError, CommandSyntaxError, InvalidEnvAssignmentError, formatConfigProblem, type ConfigProblem } from './errors';
