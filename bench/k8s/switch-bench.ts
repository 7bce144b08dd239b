// Switches between two warm colors with the router of the mode, as the switcher does it,
// timed by the router's own switchTo and by an independent watch on the live Service's
// EndpointSlices: from the request to the slices listing only the new color's ready pods.
import { KubeConfig } from '@kubernetes/client-node';
import type { Color } from '@cutover/contracts';
import { kubernetesNames, loadConfig } from '@cutover/config';
import { createLogger } from '@cutover/observability';
import { connectKubernetesRouter } from '@cutover/router';
import { KubernetesRuntime } from '@cutover/runtime';
import { waitFor } from '@cutover/testkit';
import { readyPods } from './cluster-reads';
import { SERVICE } from './bench-config';
import { onlyPods, SliceWatch } from './slice-watch';

export interface SwitchTimings {
  /** Request → the watch saw only the new color's ready pods. */
  observedMs: number[];
  /** Request → switchTo resolved (the router's own confirmation included). */
  switchToMs: number[];
}

const OBSERVE_TIMEOUT_MS = 30_000;
const PREPARE_TIMEOUT_MS = 120_000;

export async function benchSwitches(configPath: string, switches: number, progress: (line: string) => void): Promise<SwitchTimings> {
  const config = loadConfig(configPath);
  if (config.runtime.kind !== 'kubernetes') throw new Error(`${configPath} does not use the kubernetes runtime`);
  const settings = config.runtime;
  const quiet = (name: string) => createLogger(name, { level: 'warn' });
  const kc = new KubeConfig();
  kc.loadFromFile(settings.kubeconfig!);
  const names = kubernetesNames(settings);

  const runtime = await KubernetesRuntime.connect({ services: config.services, settings, log: quiet('bench-runtime') });
  const router = await connectKubernetesRouter({ services: config.services, settings, logger: quiet('bench-router') });
  let watch: SliceWatch | null = null;
  try {
    await runtime.start();
    await router.start();
    const versions: Record<Color, string> = { blue: '1.0.0', green: '2.0.0' };
    await Promise.all((['blue', 'green'] as const).map((color) => runtime.ensure({ service: SERVICE, color, version: versions[color], env: {} })));
    await waitFor(() => (['blue', 'green'] as const).every((c) => runtime.get(SERVICE, c)?.status === 'ready' && runtime.get(SERVICE, c)?.version === versions[c]), {
      timeoutMs: PREPARE_TIMEOUT_MS,
      intervalMs: 100,
      what: 'blue and green both ready',
    });
    // The first switch creates the live Service: not one of the timed ones.
    await router.switchTo(SERVICE, 'blue');
    watch = await SliceWatch.start(kc, names.serviceNamespace(SERVICE), names.liveService(SERVICE));

    const timings: SwitchTimings = { observedMs: [], switchToMs: [] };
    for (let i = 0; i < switches; i++) {
      const color: Color = i % 2 === 0 ? 'green' : 'blue';
      const pods = await readyPods(kc, names, SERVICE, color);
      const started = performance.now();
      const observed = watch.until(onlyPods(pods), OBSERVE_TIMEOUT_MS, `only ${color}'s ready pods (${pods.join(', ')})`);
      await router.switchTo(SERVICE, color);
      const switched = performance.now();
      const seen = await observed;
      timings.observedMs.push(seen - started);
      timings.switchToMs.push(switched - started);
      progress(`  switch ${i + 1} to ${color}: observed ${Math.round(seen - started)} ms, switchTo ${Math.round(switched - started)} ms`);
    }
    return timings;
  } finally {
    watch?.close();
    await router.close();
    await runtime.close();
  }
}
