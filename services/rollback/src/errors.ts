import { CutoverError } from '@cutover/contracts';

/** The switcher did not answer a switch-back command in time, even after retries. */
export class SwitchBackTimeoutError extends CutoverError {
  constructor(service: string, commandId: string, waitedMs: number, options?: { cause?: unknown }) {
    super('switch_timeout', `no switch result for ${service} (command ${commandId}) after ${waitedMs} ms`, options);
  }
}


/** Delivery of a notification stopped at shutdown; it is left for redelivery. */
export class NotificationInterruptedError extends CutoverError {
  constructor(envelopeId: string) {
    super('shutting_down', `delivery of notification ${envelopeId} stopped at shutdown; it will be delivered again`);
  }
}
