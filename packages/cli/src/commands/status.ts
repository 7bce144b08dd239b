// cutover status [SERVICE]: the state Cutover keeps in KV, for one service or all.
import { Command } from 'commander';
import type { CliContext } from '../context';
import { OperationFailedError } from '../errors';
import * as inputs from '../inputs';
import { renderStatus } from '../render/status';
import { isUnknown, knownServices, readServiceStatus } from '../service-status';
import { withBus, withNatsOptions } from '../session';
import { openStores } from '../stores';

interface StatusFlags {
  json?: boolean;
  nats?: string;
  config?: string;
}

export function statusCommand(ctx: CliContext): Command {
  const cmd = new Command('status')
    .description('Show where traffic goes, both colors with their health, and the current deployment')
    .argument('[service]', 'one service (default: every service Cutover knows)')
    .option('--json', 'print the state as JSON');
  return withNatsOptions(cmd).action((service: string | undefined, flags: StatusFlags) => status(ctx, service, flags));
}

async function status(ctx: CliContext, service: string | undefined, flags: StatusFlags): Promise<void> {
  if (service !== undefined) inputs.serviceName(service);
  await withBus(flags, ctx, async (bus) => {
    const stores = openStores(bus);
    const names = service !== undefined ? [service] : await knownServices(stores);
    const all = await Promise.all(names.map((name) => readServiceStatus(stores, name)));
    if (service !== undefined && isUnknown(all[0]!)) {
      throw new OperationFailedError(`Cutover knows nothing of service "${service}" yet: it has never been released`);
    }
    if (flags.json) return ctx.out.json(service !== undefined ? all[0] : all);
    if (all.length === 0) return ctx.out.line('no services released yet');
    all.forEach((s, i) => {
      if (i > 0) ctx.out.line();
      renderStatus(s).forEach((line) => ctx.out.line(line));
    });
  });
}
