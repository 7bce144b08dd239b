import { CutoverError } from '@cutover/contracts';

/** One thing wrong with a configuration file: where, and what. */
export interface ConfigProblem {
  /** Dotted path of the field, e.g. services.demo.router.port; '' for the file as a whole. */
  path: string;
  message: string;
  /** 1-based position in the file, when the YAML parser could place it. */
  line?: number;
  column?: number;
}

export function formatConfigProblem(p: ConfigProblem): string {
  const where = p.line !== undefined ? `line ${p.line}:${p.column ?? 1}: ` : '';
  return `${where}${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** The configuration file is not valid YAML or not a valid Cutover configuration. */
export class ConfigError extends CutoverError {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super('invalid_config', `invalid configuration ${file}:\n${problems.map((p) => `  ${formatConfigProblem(p)}`).join('\n')}`, options);
  }
}

/** The configuration file could not be read at all. */
export class ConfigReadError extends CutoverError {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super('config_unreadable', `cannot read configuration ${file}: ${(cause as Error).message ?? String(cause)}`, { cause });
  }
}

/** A service command string that cannot be split into words. */
export class CommandSyntaxError extends CutoverError {
  constructor(command: string, reason: string) {
    super('invalid_command', `cannot split command ${JSON.stringify(command)}: ${reason}`);
  }
}

/** A KEY=VALUE environment assignment that is malformed. */
export class InvalidEnvAssignmentError extends CutoverError {
  constructor(
    readonly assignment: string,
    reason: string,
  ) {
    super('invalid_env', `invalid environment assignment ${JSON.stringify(assignment)}: ${reason}`);
  }
}
