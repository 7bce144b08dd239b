// approve, abort and promote share one shape: check the deployment exists, publish the
// verb, then wait for the orchestrator's answer: the phase change it caused, or the
// warning notification that says why it was refused.
import { Command } from 'commander';
import { isTerminal, newMessageId, subjects, type DeploymentRecord } from '@cutover/contracts';
import { Reasons } from '@cutover/core';
import type { CliContext } from './context';
import { formatDuration, parseDuration } from './duration';
import { OperationFailedError, UnreachableError, UsageError } from './errors';
import * as inputs from './inputs';
import { phaseLine } from './output';
import { withBus, withNatsOptions } from './session';
import { openStores, type Stores } from './stores';
import { Verdict } from './verdict';

export type VerbName = 'approve' | 'abort' | 'promote';

/** The reason the orchestrator records when it applies each verb. */
const VERB_REASONS: Record<VerbName, string> = {
  approve: Reasons.Approved,
  abort: Reasons.AbortedByUser,
  promote: Reasons.Promoted,
};

interface VerbFlags {
  service?: string;
  by?: string;
  reason?: string;
  timeout: string;
  json?: boolean;
  nats?: string;
  config?: string;
}

export function verbCommand(ctx: CliContext, verb: VerbName, description: string): Command {
  const cmd = new Command(verb)
    .description(description)
    .argument('[deployment]', 'deployment id (see cutover status or cutover history)')
    .option('--service <name>', "instead of an id: the service's running deployment (for pipelines)")
    .option('--by <name>', 'who is doing it, for the record (default: $USER)')
    .option('--reason <text>', 'why, for the record')
    .option('--timeout <duration>', 'how long to wait for the orchestrator to answer', '30s')
    .option('--json', 'print the updated deployment record as JSON');
  return withNatsOptions(cmd).action((id: string | undefined, flags: VerbFlags) => runVerb(ctx, verb, id, flags));
}

async function runVerb(ctx: CliContext, verb: VerbName, given: string | undefined, flags: VerbFlags): Promise<void> {
  if ((given === undefined) === (flags.service === undefined)) throw new UsageError(`${verb} needs a deployment id or --service, not both`);
  if (given !== undefined) inputs.deploymentId(given);
  if (flags.service !== undefined) inputs.serviceName(flags.service);
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  const by = flags.by ?? ctx.env.USER ?? 'cli';
  await withBus(flags, ctx, async (bus) => {
    const stores = openStores(bus);
    const id = given ?? (await runningDeployment(stores, flags.service!));
    const current = await stores.deployments.get(id);
    if (!current) throw new OperationFailedError(`no deployment "${id}"`);
    const { service } = current.value;
    const commandId = newMessageId();
    const verdict = new Verdict<DeploymentRecord>();
    await Promise.all([
      bus.follow(
        'deploymentEvent',
        async (env) => {
          const record = env.data.deployment;
          const last = record.history.at(-1);
          // Only the change this verb made: the deployment may move on its own meanwhile.
          if (record.id === id && last && last.reason === VERB_REASONS[verb]) verdict.resolve(record);
        },
        { filter: subjects.deploymentEvent(service), deliver: 'new' },
      ),
      bus.follow(
        'notification',
        async (env) => {
          if (env.correlationId === commandId) verdict.reject(new OperationFailedError(`${env.data.title}: ${env.data.text}`));
        },
        { filter: subjects.notification(service), deliver: 'new' },
      ),
    ]);
    const data = { deploymentId: id, by, ...(flags.reason ? { reason: flags.reason } : {}) };
    try {
      await bus.publish(verb, [], data, { id: commandId, deploymentId: id });
    } catch (cause) {
      throw new UnreachableError(`Cutover did not take the ${verb} command: ${(cause as Error).message}`, { cause });
    }
    verdict.deadline(timeoutMs, () => new UnreachableError(`the orchestrator did not answer the ${verb} within ${formatDuration(timeoutMs)}: is it running?`));
    const record = await verdict.promise;
    if (flags.json) return ctx.out.json(record);
    ctx.out.line(phaseLine(record, record.history.at(-1)!, record.message));
  });
}

/** The id of the service's deployment that has not ended yet. */
async function runningDeployment(stores: Stores, service: string): Promise<string> {
  const active = (await stores.services.get(service))?.value.activeDeploymentId;
  const record = active ? await stores.deployments.get(active) : null;
  if (!record || isTerminal(record.value.phase)) throw new OperationFailedError(`${service} has no running deployment`);
  return record.value.id;
}
