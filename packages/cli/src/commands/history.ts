// cutover history SERVICE: the service's deployments, newest first.
import { Command } from 'commander';
import type { DeploymentRecord } from '@cutover/contracts';
import type { CliContext } from '../context';
import { OperationFailedError } from '../errors';
import * as inputs from '../inputs';
import { renderHistory } from '../render/history';
import { withBus, withNatsOptions } from '../session';
import { openStores } from '../stores';

interface HistoryFlags {
  json?: boolean;
  nats?: string;
  config?: string;
}

export function historyCommand(ctx: CliContext): Command {
  const cmd = new Command('history')
    .description("List a service's deployments, newest first: version, colors, final phase and reason, times")
    .argument('<service>', 'service name')
    .option('--json', 'print the deployment records as a JSON array');
  return withNatsOptions(cmd).action((service: string, flags: HistoryFlags) => history(ctx, service, flags));
}

async function history(ctx: CliContext, service: string, flags: HistoryFlags): Promise<void> {
  inputs.serviceName(service);
  await withBus(flags, ctx, async (bus) => {
    const stores = openStores(bus);
    const state = await stores.services.get(service);
    if (!state) throw new OperationFailedError(`Cutover knows nothing of service "${service}" yet: it has never been released`);
    const { activeDeploymentId, recentDeploymentIds } = state.value;
    const ids = activeDeploymentId && !recentDeploymentIds.includes(activeDeploymentId) ? [activeDeploymentId, ...recentDeploymentIds] : recentDeploymentIds;
    const entries = await Promise.all(ids.map((id) => stores.deployments.get(id)));
    // A listed id whose record is gone (bucket purged by hand) is skipped, not fatal.
    const records = entries.flatMap((e) => (e ? [e.value] : [])).sort(newestFirst);
    if (flags.json) return ctx.out.json(records);
    if (records.length === 0) return ctx.out.line(`no deployments of ${service} recorded`);
    renderHistory(records, ctx.clock.now()).forEach((line) => ctx.out.line(line));
  });
}

const newestFirst = (a: DeploymentRecord, b: DeploymentRecord) => Date.parse(b.createdAt) - Date.parse(a.createdAt);
