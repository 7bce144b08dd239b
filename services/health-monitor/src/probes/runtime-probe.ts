// Runtime signals as a probe: on Kubernetes the runtime's status already follows the pods
// (readiness, restarts, CrashLoopBackOff, ImagePullBackOff, OOMKilled as a last exit), and
// locally it follows the processes (an unexpected exit fails the environment). A round judged
// this way reads that status instead of reaching the instances over the network.
import type { EnvironmentState, ProbeResult } from '@cutover/contracts';

/** The target of a round judged by the runtime's status. */
export const RUNTIME_PROBE_TARGET = 'runtime:kubernetes';

export function runtimeProbe(env: EnvironmentState, at: string): ProbeResult {
  if (env.status === 'ready') return { at, target: RUNTIME_PROBE_TARGET, kind: 'runtime', ok: true };
  return { at, target: RUNTIME_PROBE_TARGET, kind: 'runtime', ok: false, error: env.message ? `${env.reason}: ${env.message}` : env.reason };
}
