// Recognising nats.js errors by their codes rather than by message text, which changes
// between server versions.
import { ErrorCode, type NatsError } from 'nats';

export function isNatsError(err: unknown): err is NatsError {
  return err instanceof Error && typeof (err as Partial<NatsError>).isJetStreamError === 'function';
}

/** A JetStream API error with the given err_code (10058: name in use, 10071: wrong last sequence). */
export function isApiError(err: unknown, errCode: number): boolean {
  return isNatsError(err) && err.api_error?.err_code === errCode;
}

/** Failures that clear up once the connection is back: no PubAck in time, JetStream not up yet. */
export function isTransient(err: unknown): boolean {
  return isNatsError(err) && (err.code === ErrorCode.Timeout || err.code === ErrorCode.NoResponders);
}

export function isNoResponders(err: unknown): boolean {
  return isNatsError(err) && err.code === ErrorCode.NoResponders;
}

export function isAuthFailure(err: unknown): boolean {
  return isNatsError(err) && (err.isAuthError() || err.code === ErrorCode.BadAuthentication);
}
