// Every failure the CLI reports is one of these; main.ts prints the message as one line
// "cutover: <message>" (then any details, indented) and exits with the class's code.
import { CutoverError } from '@cutover/contracts';
import { ExitCode } from './exit-codes';

export interface CliErrorOptions {
  cause?: unknown;
  /** Supporting lines printed under the message, such as the tail of a log. */
  details?: string[];
}

export abstract class CliError extends CutoverError {
  abstract readonly exitCode: ExitCode;
  readonly details: string[];

  constructor(code: string, message: string, options: CliErrorOptions = {}) {
    super(code, message, { cause: options.cause });
    this.details = options.details ?? [];
  }
}

/** The command line or an input value is wrong; nothing was sent. */
export class UsageError extends CliError {
  readonly exitCode = ExitCode.usage;
  constructor(message: string, options?: CliErrorOptions) {
    super('usage', message, options);
  }
}

/** NATS could not be reached, or no Cutover process answered in time. */
export class UnreachableError extends CliError {
  readonly exitCode = ExitCode.unreachable;
  constructor(message: string, options?: CliErrorOptions) {
    super('unreachable', message, options);
  }
}

/** Cutover answered and the answer is a failure: rejected, rolled back, refused, not found. */
export class OperationFailedError extends CliError {
  readonly exitCode = ExitCode.failed;
  constructor(message: string, options?: CliErrorOptions) {
    super('failed', message, options);
  }
}

/** The deadline passed before the outcome was known. */
export class DeadlineExceededError extends CliError {
  readonly exitCode = ExitCode.failed;
  constructor(message: string, options?: CliErrorOptions) {
    super('timeout', message, options);
  }
}

/** `up` could not bring a component up: missing build, busy port, failed readiness, crash. */
export class StartupError extends CliError {
  readonly exitCode = ExitCode.failed;
  constructor(message: string, options?: CliErrorOptions) {
    super('startup', message, options);
  }
}
