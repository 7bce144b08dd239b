// Every service process takes the same few inputs, from flags first, then environment.
import { resolve } from 'node:path';

export interface ProcessInputs {
  configPath: string;
  natsUrl: string | null;
  httpPort: number | null;
  /** Where the HTTP server listens: loopback on one machine, 0.0.0.0 in a pod. */
  httpHost: string;
}

export function readProcessInputs(argv: string[], env: NodeJS.ProcessEnv): ProcessInputs {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const configPath = flag('--config') ?? env.CUTOVER_CONFIG;
  if (!configPath) throw new Error('no configuration: pass --config FILE or set CUTOVER_CONFIG');
  const port = flag('--port') ?? env.PORT;
  return {
    configPath: resolve(configPath),
    natsUrl: flag('--nats') ?? env.NATS_URL ?? null,
    httpPort: port ? Number(port) : null,
    httpHost: flag('--host') ?? env.HOST ?? '127.0.0.1',
  };
}
