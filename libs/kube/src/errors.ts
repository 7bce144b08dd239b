import { CutoverError } from '@cutover/contracts';

/** A call to the Kubernetes API failed; `status` is the HTTP status when the server answered. */
export class KubernetesApiError extends CutoverError {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('kubernetes_api_error', `cannot ${operation}: ${detail}`, options);
  }
}

/** The kubeconfig could not be read or names no usable cluster. */
export class KubeconfigError extends CutoverError {
  constructor(path: string | null, options?: { cause?: unknown }) {
    const which = path ?? 'the default kubeconfig ($KUBECONFIG, ~/.kube/config or in-cluster)';
    super('kubeconfig_unusable', `cannot load ${which}: ${(options?.cause as Error | undefined)?.message ?? 'unknown error'}`, options);
  }
}
