import { CutoverError } from '@cutover/contracts';

export class UnknownServiceError extends CutoverError {
  constructor(readonly service: string, known: string[]) {
    super('unknown_service', `service "${service}" is not in the configuration (known: ${known.join(', ') || 'none'})`);
  }
}

export class RuntimeClosedError extends CutoverError {
  constructor(operation: string) {
    super('runtime_closed', `cannot ${operation}: the runtime is closed`);
  }
}

export class RuntimeStateError extends CutoverError {
  constructor(operation: string, path: string, cause: unknown) {
    super('runtime_state', `cannot ${operation} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
