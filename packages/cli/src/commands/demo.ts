// cutover demo: the newcomer's tour in one command; see demo/run-demo.ts.
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../context';
import { runDemo } from '../demo/run-demo';
import { OperationFailedError } from '../errors';
import { defaultConfigPath } from '../paths';

interface DemoFlags {
  config?: string;
  nats?: string;
  data?: string;
}

export function demoCommand(ctx: CliContext): Command {
  return new Command('demo')
    .description('Start the stack, then under steady load release demo 1.0.0, 2.0.0 (healthy switch) and 3.0.0 (rolled back on its own)')
    .option('--config <file>', 'cutover.yaml with a service "demo" (default: examples/cutover.yaml of this repo)')
    .option('--nats <url>', 'use this NATS instead of starting nats-server (default: $NATS_URL)')
    .option('--data <dir>', 'logs and the nats-server store (default: a new temporary folder)')
    .action(async (flags: DemoFlags) => {
      const ok = await runDemo({
        configPath: resolve(flags.config ?? ctx.env.CUTOVER_CONFIG ?? defaultConfigPath),
        natsUrl: flags.nats ?? ctx.env.NATS_URL ?? null,
        ...(flags.data ? { dataDir: resolve(flags.data) } : {}),
        out: (line) => ctx.out.line(line),
      });
      if (!ok) throw new OperationFailedError('the demo did not end as expected (see the summary above)');
    });
}
