import { CutoverError } from '@cutover/contracts';

/** A call to the Kubernetes API failed; `status` is the HTTP status when the server answered. */
export class KubernetesApiError extends CutoverError {
  /** How long the server asked us to wait (429, 503 with Retry-After). */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    detail: string,
    options?: { cause?: unknown; retryAfterMs?: number; code?: string },
  ) {
    super(options?.code ?? 'kubernetes_api_error', `cannot ${operation}: ${detail}`, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/**
 * A call kept failing in ways that usually pass (409, 429, 5xx, no connection) until the retry
 * budget was spent. It keeps the last failure's status, so callers that check it see the same.
 */
export class KubernetesRetriesExhaustedError extends KubernetesApiError {
  constructor(
    operation: string,
    readonly attempts: number,
    elapsedMs: number,
    last: KubernetesApiError,
  ) {
    const detail = `gave up after ${attempts} attempts in ${Math.round(elapsedMs)} ms; last: ${last.message.replace(`cannot ${operation}: `, '')}`;
    super(operation, last.status, detail, { cause: last, code: 'kubernetes_api_unavailable' });
  }
}

/** The kubeconfig could not be read or names no usable cluster. */
export class KubeconfigError extends CutoverError {
  constructor(path: string | null, options?: { cause?: unknown }) {
    const which = path ?? 'the default kubeconfig ($KUBECONFIG, ~/.kube/config or in-cluster)';
    super('kubeconfig_unusable', `cannot load ${which}: ${(options?.cause as Error | undefined)?.message ?? 'unknown error'}`, options);
  }
}
