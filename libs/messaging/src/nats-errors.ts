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

// Node's TLS verification codes (SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_VERIFY_LEAF_SIGNATURE,
// CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID...) and OpenSSL's (ERR_SSL_...).
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|^ERR_TLS_|^ERR_SSL_/;

/** The TLS handshake failed or our certificate files could not be read: a setup error. */
export function isTlsFailure(err: unknown): boolean {
  // Not `instanceof Error`: Node's TLS errors may come from another realm (a test's VM context).
  for (let e = err as { code?: unknown; cause?: unknown } | null; e && typeof e === 'object'; e = e.cause as typeof e) {
    if (e.code === ErrorCode.Tls || (typeof e.code === 'string' && TLS_CODE.test(e.code))) return true;
  }
  return false;
}
