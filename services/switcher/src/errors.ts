import { CutoverError, type Color } from '@cutover/contracts';

/** The router did not end up where it was told to go; the routing record is left as it was. */
export class RouterReadBackError extends CutoverError {
  constructor(service: string, wanted: Color, actual: Color | null) {
    super('router_error', `the router reports ${actual ?? 'no color'} live for ${service} after switching to ${wanted}`);
  }
}

/** The router threw while switching. */
export class RouterSwitchError extends CutoverError {
  constructor(service: string, wanted: Color, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('router_error', `the router could not switch ${service} to ${wanted}${reason}`, options);
  }
}
