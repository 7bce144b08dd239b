// Readiness beyond NATS: what a service also needs to do its work. Only the services that
// talk to Kubernetes (runtime-agent, switcher) on the kubernetes runtime check its API.
import type { CutoverConfig } from '@cutover/config';
import { KubeClient } from '@cutover/kube';

export interface ReadinessCheck {
  /** The key of this check in /readyz's `checks`. */
  name: string;
  /** Resolves when the dependency answers; HealthController gives it a deadline. */
  run(): Promise<unknown>;
}

export function readinessChecks(config: CutoverConfig, usesKubernetes: boolean): ReadinessCheck[] {
  const { runtime } = config;
  if (runtime.kind !== 'kubernetes' || !usesKubernetes) return [];
  let client: Promise<KubeClient> | null = null;
  return [
    {
      name: 'kubernetes',
      run: async () => {
        // Connecting only loads the kubeconfig; a failed load is tried again on the next probe.
        client ??= KubeClient.connect(runtime.kubeconfig).catch((err: unknown) => {
          client = null;
          throw err;
        });
        return (await client).serverVersion();
      },
    },
  ];
}
