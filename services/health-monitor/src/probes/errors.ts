import { CutoverError } from '@cutover/contracts';

export class ProbeTimeoutError extends CutoverError {
  constructor(timeoutMs: number) {
    super('probe_timeout', `timeout after ${timeoutMs} ms`);
  }
}
