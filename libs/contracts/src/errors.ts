// One named error class per failure, each with a stable code that crosses the wire.

export class CutoverError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidSubjectTokenError extends CutoverError {
  constructor(what: string, value: string) {
    super(
      'invalid_name',
      `invalid ${what} "${value}": use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
}

export interface FieldProblem {
  /** JSON pointer of the bad field, '' for the whole value. */
  path: string;
  message: string;
}

export class ValidationError extends CutoverError {
  constructor(
    readonly what: string,
    readonly problems: FieldProblem[],
    options?: { cause?: unknown },
  ) {
    super('invalid_input', `invalid ${what}: ${problems.map(formatProblem).join('; ')}`, options);
  }
}

export function formatProblem(p: FieldProblem): string {
  return p.path ? `${p.path} ${p.message}` : p.message;
}

export class MalformedMessageError extends CutoverError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('malformed', `malformed message: ${reason}`, options);
  }
}

export class UnsupportedVersionError extends CutoverError {
  constructor(type: string, version: unknown, supported: number[]) {
    super('unsupported_version', `message type ${type} version ${String(version)} is not supported (supported: ${supported.join(', ')})`);
  }
}

export class UnknownMessageTypeError extends CutoverError {
  constructor(type: unknown, expected: string) {
    super('unknown_type', `message type ${JSON.stringify(type)} is not ${expected}`);
  }
}
