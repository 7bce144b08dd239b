// cutover watch [SERVICE]: everything that happens, live, one line each, until Ctrl-C.
import { Command } from 'commander';
import { subjects } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import type { CliContext } from '../context';
import * as inputs from '../inputs';
import {
  deploymentEventLine,
  environmentLine,
  healthTransitionLine,
  notificationLine,
  rejectedLine,
  snapshotLine,
  switchResultLine,
} from '../render/events';
import { withBus, withNatsOptions } from '../session';

interface WatchFlags {
  snapshots?: boolean;
  nats?: string;
  config?: string;
}

export function watchCommand(ctx: CliContext): Command {
  const cmd = new Command('watch')
    .description('Print deployment, health, switch, environment and notification events live, one line each, until Ctrl-C')
    .argument('[service]', 'only this service (default: all)')
    .option('--snapshots', 'also print every health snapshot (one per probe interval and color)');
  return withNatsOptions(cmd).action((service: string | undefined, flags: WatchFlags) => watch(ctx, service, flags));
}

async function watch(ctx: CliContext, service: string | undefined, flags: WatchFlags): Promise<void> {
  if (service !== undefined) inputs.serviceName(service);
  const mine = (s: string | undefined) => service === undefined || s === service;
  const print = (text: string) => ctx.out.line(text);
  await withBus(flags, ctx, async (bus) => {
    const stopped = untilSignal();
    await follow(bus, service, mine, print, flags);
    ctx.note(`watching ${service ?? 'every service'} (Ctrl-C to stop)`);
    await stopped;
  });
}

async function follow(bus: Bus, service: string | undefined, mine: (s: string | undefined) => boolean, print: (t: string) => void, flags: WatchFlags): Promise<void> {
  const live = { deliver: 'new' as const };
  // No handles kept: closing the bus at Ctrl-C stops every one of them.
  await Promise.all([
    bus.follow('deploymentEvent', async (env) => print(deploymentEventLine(env.time, env.data)), {
      ...live,
      filter: service ? subjects.deploymentEvent(service) : subjects.deploymentEventsAll(),
    }),
    bus.follow('releaseRejected', async (env) => void (mine(env.data.service) && print(rejectedLine(env.time, env.data))), live),
    bus.follow('healthTransition', async (env) => void (mine(env.data.service) && print(healthTransitionLine(env.time, env.data))), live),
    bus.follow('switchResult', async (env) => print(switchResultLine(env.time, env.data)), {
      ...live,
      filter: service ? subjects.switchResult(service) : subjects.switchResultsAll(),
    }),
    bus.follow('environmentEvent', async (env) => void (mine(env.data.service) && print(environmentLine(env.time, env.data))), live),
    bus.follow('notification', async (env) => print(notificationLine(env.time, env.data)), {
      ...live,
      filter: service ? subjects.notification(service) : subjects.notificationsAll(),
    }),
  ]);
  if (flags.snapshots) {
    bus.subscribe('healthSnapshot', undefined, async (env) => void (mine(env.data.service) && print(snapshotLine(env.time, env.data))), { consumer: 'cli' });
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
