// Every service process takes the same few inputs, from flags first, then environment.
import { resolve } from 'node:path';
import type { RuntimeOverrides } from '@cutover/config';

export interface ProcessInputs {
  configPath: string;
  natsUrl: string | null;
  httpPort: number | null;
  /** Where the HTTP server listens: loopback on one machine, 0.0.0.0 in a pod. */
  httpHost: string;
  /** --environment/CUTOVER_ENVIRONMENT: which environment of the config file this Cutover is. */
  environment: string | undefined;
  /** --runtime/CUTOVER_RUNTIME and --kubeconfig/CUTOVER_KUBECONFIG, over the config file's. */
  runtime: RuntimeOverrides;
}

export function readProcessInputs(argv: string[], env: NodeJS.ProcessEnv): ProcessInputs {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const configPath = flag('--config') ?? env.CUTOVER_CONFIG;
  if (!configPath) throw new Error('no configuration: pass --config FILE or set CUTOVER_CONFIG');
  const port = flag('--port') ?? env.PORT;
  const kubeconfig = flag('--kubeconfig') ?? env.CUTOVER_KUBECONFIG;
  return {
    configPath: resolve(configPath),
    natsUrl: flag('--nats') ?? env.NATS_URL ?? null,
    httpPort: port ? portNumber(port) : null,
    httpHost: flag('--host') ?? env.HOST ?? '127.0.0.1',
    environment: flag('--environment') ?? env.CUTOVER_ENVIRONMENT,
    runtime: { kind: flag('--runtime') ?? env.CUTOVER_RUNTIME, kubeconfig: kubeconfig ? resolve(kubeconfig) : undefined },
  };
}

function portNumber(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Error(`invalid port "${text}" (--port or PORT): use a number from 1 to 65535`);
  return port;
}
