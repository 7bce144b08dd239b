// Failed API calls, told to whoever watches from outside (a process's metrics), so this
// library depends on no metrics library. Process-wide, because `call` is the free function
// every Kubernetes adapter goes through.
import type { KubernetesApiError } from './errors';

export type KubeApiErrorObserver = (err: KubernetesApiError) => void;

const observers = new Set<KubeApiErrorObserver>();

/** Calls fn with every failed API call of this process; returns the way to stop. */
export function onKubeApiError(fn: KubeApiErrorObserver): () => void {
  observers.add(fn);
  return () => observers.delete(fn);
}

export function reportApiError(err: KubernetesApiError): void {
  for (const fn of observers) {
    try {
      fn(err);
    } catch {
      // An observer's failure must not replace the API error the caller is about to get.
    }
  }
}
