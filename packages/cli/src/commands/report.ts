// cutover report [SERVICE]: the four DORA figures (deployment frequency, lead time for
// changes, change failure rate, time to restore) per service and environment, from the
// deployment records Cutover keeps (the last 100 per service).
import { Command } from 'commander';
import type { DeploymentRecord } from '@cutover/contracts';
import { doraReport } from '@cutover/core';
import type { CliContext } from '../context';
import { parseDuration } from '../duration';
import { OperationFailedError } from '../errors';
import * as inputs from '../inputs';
import { renderReport } from '../render/report';
import { knownServices } from '../service-status';
import { withBus, withNatsOptions } from '../session';
import { openStores, type Stores } from '../stores';

interface ReportFlags {
  since: string;
  json?: boolean;
  nats?: string;
  config?: string;
}

export function reportCommand(ctx: CliContext): Command {
  const cmd = new Command('report')
    .description('DORA figures per service and environment: deployment frequency, lead time, change failure rate, time to restore')
    .argument('[service]', 'one service (default: every service Cutover knows)')
    .option('--since <duration>', 'the window, back from now (30d, 12h...)', '30d')
    .option('--json', 'print the figures as JSON');
  return withNatsOptions(cmd).action((service: string | undefined, flags: ReportFlags) => report(ctx, service, flags));
}

async function report(ctx: CliContext, service: string | undefined, flags: ReportFlags): Promise<void> {
  if (service !== undefined) inputs.serviceName(service);
  const sinceMs = parseDuration(flags.since, '--since');
  await withBus(flags, ctx, async (bus) => {
    const stores = openStores(bus);
    const names = service !== undefined ? [service] : await knownServices(stores);
    const records = (await Promise.all(names.map((name) => recordsOf(stores, name, service !== undefined)))).flat();
    const to = ctx.clock.now();
    const figures = doraReport(records, { from: new Date(to.getTime() - sinceMs), to });
    if (flags.json) return ctx.out.json({ from: new Date(to.getTime() - sinceMs).toISOString(), to: to.toISOString(), services: figures });
    renderReport(figures, flags.since).forEach((line) => ctx.out.line(line));
  });
}

async function recordsOf(stores: Stores, service: string, named: boolean): Promise<DeploymentRecord[]> {
  const state = await stores.services.get(service);
  if (!state) {
    if (named) throw new OperationFailedError(`Cutover knows nothing of service "${service}" yet: it has never been released`);
    return [];
  }
  const entries = await Promise.all(state.value.recentDeploymentIds.map((id) => stores.deployments.get(id)));
  return entries.flatMap((e) => (e ? [e.value] : []));
}
