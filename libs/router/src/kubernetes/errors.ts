import { CutoverError } from '@cutover/contracts';
import type { Color } from '@cutover/contracts';

/** A call to the Kubernetes API failed; `status` is the HTTP status when the server answered. */
export class KubernetesRouterApiError extends CutoverError {
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
export class RouterKubeconfigError extends CutoverError {
  constructor(path: string | null, options?: { cause?: unknown }) {
    const which = path ?? 'the default kubeconfig ($KUBECONFIG, ~/.kube/config or in-cluster)';
    super('kubeconfig_unusable', `cannot load ${which}: ${(options?.cause as Error | undefined)?.message ?? 'unknown error'}`, options);
  }
}

/** The live Service was switched, but its EndpointSlices did not come to list only the new color in time. */
export class SwitchNotConfirmedError extends CutoverError {
  constructor(service: string, color: Color, timeoutMs: number, seen: string) {
    super('switch_not_confirmed', `service ${service} was switched to ${color}, but within ${timeoutMs} ms its EndpointSlices did not list only ${color}'s ready pods: ${seen}`);
  }
}
