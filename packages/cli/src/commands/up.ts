// cutover up: the whole stack in the foreground until Ctrl-C. One line per component as it
// becomes ready. A component that dies later is reported with its log tail and started
// again, as every Cutover process is built to be; if it cannot come back, everything stops.
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { CliContext } from '../context';
import { parseDuration } from '../duration';
import { describeExit } from '../up/child';
import { defaultConfigPath } from '../paths';
import { startStack, type ComponentInfo, type UnexpectedExit } from '../up/stack';
import { StartInterruptedError } from '../up/wait-ready';

interface UpFlags {
  config?: string;
  nats?: string;
  data: string;
  readyTimeout: string;
  runtime?: string;
  kubeconfig?: string;
  environment?: string;
}

export function upCommand(ctx: CliContext): Command {
  return new Command('up')
    .description('Start nats-server and every Cutover process in the foreground; Ctrl-C stops them all')
    .option('--config <file>', 'cutover.yaml (default: $CUTOVER_CONFIG, else examples/cutover.yaml of this repo)')
    .option('--nats <url>', 'use this NATS instead of starting nats-server (default: $NATS_URL)')
    .option('--data <dir>', 'logs (DATA/logs/<name>.log) and the nats-server store (DATA/nats)', '.cutover')
    .option('--ready-timeout <duration>', 'how long each component may take to become ready', '60s')
    .addOption(new Option('--runtime <kind>', "where environments run, over the config's runtime.kind (default: $CUTOVER_RUNTIME)").choices(['local', 'kubernetes']))
    .option('--environment <name>', 'run as this environment of the config (its environments.<name> merged over the rest; default: $CUTOVER_ENVIRONMENT)')
    .option('--kubeconfig <file>', "kubeconfig of the cluster, over the config's runtime.kubeconfig (default: $CUTOVER_KUBECONFIG)")
    .action((flags: UpFlags) => up(ctx, flags));
}

async function up(ctx: CliContext, flags: UpFlags): Promise<void> {
  const readyTimeoutMs = parseDuration(flags.readyTimeout, '--ready-timeout');
  const interrupted = signalled();
  const crashes = new Crashes();
  const abort = new AbortController();
  const started = startStack({
    configPath: resolve(flags.config ?? ctx.env.CUTOVER_CONFIG ?? defaultConfigPath),
    runtime: { kind: flags.runtime ?? ctx.env.CUTOVER_RUNTIME, kubeconfig: flags.kubeconfig ?? ctx.env.CUTOVER_KUBECONFIG },
    environment: flags.environment ?? ctx.env.CUTOVER_ENVIRONMENT,
    dataDir: resolve(flags.data),
    natsUrl: flags.nats ?? ctx.env.NATS_URL ?? null,
    readyTimeoutMs,
    env: ctx.env,
    clock: ctx.clock,
    signal: abort.signal,
    onReady: (c) => ctx.out.line(readyLine(c)),
    onUnexpectedExit: (exit) => crashes.push(exit),
  });
  const first = await Promise.race([started.then((stack) => ({ stack })), interrupted.then((signal) => ({ signal }))]);
  if ('signal' in first) {
    return stop(ctx, first.signal, async () => {
      abort.abort();
      // startStack stops what it started; if it had just finished, stop it here.
      const late = await started.catch((err: unknown) => {
        if (err instanceof StartInterruptedError) return null;
        throw err;
      });
      await late?.stop();
    });
  }
  const { stack } = first;

  ctx.out.line(`Cutover is up. Dashboard: http://127.0.0.1:${stack.config.ports.healthMonitor}/  API: http://127.0.0.1:${stack.config.ports.orchestrator}`);
  if (stack.natsUrl !== 'nats://127.0.0.1:4222') ctx.note(`NATS is at ${stack.natsUrl}: export NATS_URL=${stack.natsUrl} for other cutover commands`);
  for (;;) {
    const next = await Promise.race([interrupted.then((signal) => ({ signal })), crashes.next().then((exit) => ({ exit }))]);
    if ('signal' in next) return stop(ctx, next.signal, () => stack.stop());
    const { exit } = next;
    ctx.note(`cutover: ${exit.name} stopped unexpectedly (${describeExit(exit.exit)}); starting it again. Log: ${exit.logFile}`);
    for (const line of exit.tail) ctx.note(`  | ${line}`);
    // The restart's own failure is reported below; a signal meanwhile wins and stops all.
    const restart = stack.restart(exit.name).then(() => null, (err: unknown) => err);
    const outcome = await Promise.race([restart.then((err) => ({ err })), interrupted.then((signal) => ({ signal }))]);
    if ('signal' in outcome) return stop(ctx, outcome.signal, () => stack.stop());
    if (outcome.err) {
      await stack.stop();
      throw outcome.err;
    }
  }
}

function readyLine(c: ComponentInfo): string {
  return `${c.name.padEnd(14)} ready  ${c.url}  (pid ${c.pid}, log ${c.logFile})`;
}

async function stop(ctx: CliContext, signal: NodeJS.Signals, halt: () => Promise<void>): Promise<void> {
  ctx.note(`${signal}: stopping Cutover`);
  await halt();
  ctx.note('stopped');
}

/** The first SIGINT or SIGTERM; a second one exits at once (the exit hook kills what is left). */
function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Unexpected exits, handled one at a time in the order they happened. */
class Crashes {
  private readonly queue: UnexpectedExit[] = [];
  private wake: (() => void) | null = null;

  push(exit: UnexpectedExit): void {
    this.queue.push(exit);
    this.wake?.();
  }

  async next(): Promise<UnexpectedExit> {
    while (this.queue.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.queue.shift()!;
  }
}
