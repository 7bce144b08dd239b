// cutover rollback SERVICE: put traffic back on the previous color now, and say how long
// it took. The rollback service does it; a refusal comes back as a notification.
import { Command } from 'commander';
import { newMessageId, subjects, type DeploymentRecord } from '@cutover/contracts';
import { Reasons } from '@cutover/core';
import type { CliContext } from '../context';
import { formatDuration, parseDuration } from '../duration';
import { DeadlineExceededError, OperationFailedError, UnreachableError } from '../errors';
import * as inputs from '../inputs';
import { phaseLine } from '../output';
import { withBus, withNatsOptions } from '../session';
import { Verdict } from '../verdict';

/** Phase changes of a rollback, whoever started it (a degradation may race a human). */
const ROLLBACK_REASONS = new Set<string>([Reasons.RollbackRequested, Reasons.HealthDegraded, Reasons.RolledBack, Reasons.RollbackFailed]);

interface RollbackFlags {
  reason?: string;
  by?: string;
  timeout: string;
  json?: boolean;
  nats?: string;
  config?: string;
}

export function rollbackCommand(ctx: CliContext): Command {
  const cmd = new Command('rollback')
    .description("Put SERVICE's traffic back on the previous color (kept warm) and mark its deployment RolledBack")
    .argument('<service>', 'service name')
    .option('--reason <text>', 'why, for the record and the notification')
    .option('--by <name>', 'who is doing it (default: $USER)')
    .option('--timeout <duration>', 'how long to wait for the rollback to finish', '2m')
    .option('--json', 'print the rolled-back deployment record as JSON');
  return withNatsOptions(cmd).action((service: string, flags: RollbackFlags) => rollback(ctx, service, flags));
}

async function rollback(ctx: CliContext, service: string, flags: RollbackFlags): Promise<void> {
  inputs.serviceName(service);
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  const by = flags.by ?? ctx.env.USER ?? 'cli';
  const reason = flags.reason?.trim() || `manual rollback by ${by}`;
  await withBus(flags, ctx, async (bus) => {
    const commandId = newMessageId();
    const verdict = new Verdict<DeploymentRecord>();
    let underWay: string | null = null;
    await Promise.all([
      bus.follow(
        'deploymentEvent',
        async (env) => {
          const record = env.data.deployment;
          const last = record.history.at(-1);
          if (!last || !ROLLBACK_REASONS.has(last.reason)) return;
          underWay = record.id;
          if (!flags.json) ctx.out.line(phaseLine(record, last, record.message));
          if (record.phase === 'RolledBack') verdict.resolve(record);
          if (last.reason === Reasons.RollbackFailed) verdict.reject(new OperationFailedError(`rollback of ${record.id} failed: ${record.message}`));
        },
        { filter: subjects.deploymentEvent(service), deliver: 'new' },
      ),
      bus.follow(
        'notification',
        async (env) => {
          if (env.correlationId === commandId && env.data.level !== 'info') {
            verdict.reject(new OperationFailedError(`${env.data.title}: ${env.data.text}`));
          }
        },
        { filter: subjects.notification(service), deliver: 'new' },
      ),
    ]);
    const startedAt = ctx.clock.now().getTime();
    try {
      await bus.publish('rollback', [], { service, reason, by }, { id: commandId });
    } catch (cause) {
      throw new UnreachableError(`Cutover did not take the rollback command: ${(cause as Error).message}`, { cause });
    }
    verdict.deadline(timeoutMs, () =>
      underWay
        ? new DeadlineExceededError(`deployment ${underWay} is still rolling back after ${formatDuration(timeoutMs)}; follow it with \`cutover watch ${service}\``)
        : new UnreachableError(`the rollback service did not answer within ${formatDuration(timeoutMs)}: is it running?`),
    );
    const record = await verdict.promise;
    const took = formatDuration(ctx.clock.now().getTime() - startedAt);
    if (flags.json) return ctx.out.json(record);
    const target = [record.fromColor, record.fromVersion].filter(Boolean).join(' ');
    ctx.out.line(`${service} rolled back to ${target} in ${took} (deployment ${record.id})`);
  });
}
