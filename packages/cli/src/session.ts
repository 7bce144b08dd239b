// Every command that talks to Cutover takes the same two flags and holds one connection
// for the length of the command.
import type { Command } from 'commander';
import type { Bus } from '@cutover/messaging';
import { connect, natsTarget, type NatsFlags } from './connection';
import type { CliContext } from './context';

export function withNatsOptions(cmd: Command): Command {
  return cmd
    .option('--nats <url>', 'NATS url (default: $NATS_URL, else nats.url of --config, else nats://127.0.0.1:4222)')
    .option('--config <file>', 'cutover.yaml whose nats.url to use (default: $CUTOVER_CONFIG)')
    .option('--environment <name>', "the config's environment to talk to: its nats.url, and releases are refused by any other (default: $CUTOVER_ENVIRONMENT)");
}

export async function withBus<T>(flags: NatsFlags, ctx: CliContext, fn: (bus: Bus) => Promise<T>): Promise<T> {
  const target = natsTarget(flags, ctx.env);
  const bus = await connect(target.url, ctx.env, target.client);
  try {
    return await fn(bus);
  } finally {
    await bus.close();
  }
}
