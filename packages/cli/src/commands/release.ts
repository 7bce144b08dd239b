// cutover release SERVICE VERSION: publish the release command, then report what the
// orchestrator made of it. With --wait the exit code is the verdict, for CI.
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  isTerminal,
  newMessageId,
  subjects,
  validate,
  ReleaseCommandSchema,
  type DeploymentRecord,
  type ReleaseCommand,
  type ReleaseRejected,
} from '@cutover/contracts';
import type { CliContext } from '../context';
import { formatDuration, parseDuration } from '../duration';
import { DeadlineExceededError, OperationFailedError, UnreachableError, UsageError, type CliError } from '../errors';
import * as inputs from '../inputs';
import { junitReport } from '../junit';
import { colors, phaseLine } from '../output';
import { outcomeReason } from '../outcome';
import { releaseMetadata, type MetadataFlags } from '../release-metadata';
import { ReleaseTracker, type ReleaseUpdate } from '../release-tracker';
import { environmentOf } from '../connection';
import { withBus, withNatsOptions } from '../session';
import { publishAgainOnFailure } from '../publish-again';
import { Verdict } from '../verdict';

/** How long the orchestrator may take to accept or refuse before we call it unreachable. */
const ACCEPT_TIMEOUT_MS = 30_000;
/** Each waits for the publish acknowledgement (connection.ts); the same message id each time. */
const PUBLISH_ATTEMPTS = 3;
const INPUT_CODES = new Set(['invalid_input', 'invalid_name', 'unknown_service']);

interface ReleaseFlags extends MetadataFlags {
  env?: string[];
  junit?: string;
  approveAs?: string;
  image?: string;
  wait?: boolean;
  timeout: string;
  json?: boolean;
  nats?: string;
  config?: string;
}

export function releaseCommand(ctx: CliContext): Command {
  const cmd = new Command('release')
    .description('Release VERSION of SERVICE: deploy it to the idle color, check it, switch traffic, watch it')
    .argument('<service>', 'service name, as in cutover.yaml')
    .argument('<version>', 'semantic version, e.g. 1.8.0 or 2.0.0-rc.1')
    .option('--env <KEY=VALUE>', 'environment variable for this release; repeat for more', (v: string, all: string[] = []) => [...all, v])
    .option('--image <image>', 'container image (Kubernetes runtime)')
    .option('--wait', 'follow the deployment to its end; exit 0 when live, 1 when failed, rolled back or aborted')
    .option('--timeout <duration>', 'with --wait: give up after this long (90s, 5m, 1h)', '10m')
    .option('--json', 'print the deployment record as JSON instead of lines')
    .option('--approve-as <name>', 'with --wait: approve the deployment in the name of NAME when it waits for approval (a pipeline whose manual job was the approval)')
    .option('--junit <file>', 'with --wait: also write the deployment as a JUnit XML report (a test case per phase and the verdict)')
    .option('--commit <sha>', 'commit of this release (default: $CI_COMMIT_SHA, $GITHUB_SHA or $GIT_COMMIT)')
    .option('--commit-time <time>', 'when that commit was made, ISO 8601 or Unix seconds (default: $CI_COMMIT_TIMESTAMP)')
    .option('--pipeline-url <url>', 'the pipeline releasing it (default: $CI_PIPELINE_URL, the GitHub run, or $BUILD_URL)')
    .option('--author <name>', 'who made the change (default: $CI_COMMIT_AUTHOR, $GITHUB_ACTOR or $GIT_AUTHOR_NAME)');
  return withNatsOptions(cmd).action((service: string, version: string, flags: ReleaseFlags) => release(ctx, service, version, flags));
}

async function release(ctx: CliContext, service: string, version: string, flags: ReleaseFlags): Promise<void> {
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  if (flags.junit && !flags.wait) throw new UsageError('--junit needs --wait: the report is written when the deployment ends');
  if (flags.approveAs !== undefined && (!flags.wait || flags.approveAs.trim() === '')) throw new UsageError('--approve-as needs --wait and a name');
  let approvalSent = false;
  // Bound to the bus once connected; show() calls it when the deployment waits for approval.
  let approve: (deploymentId: string, by: string) => void = () => undefined;
  const command = releaseInput(service, version, flags, ctx.env);
  const requestId = newMessageId();
  const tracker = new ReleaseTracker(requestId);
  const verdict = new Verdict<DeploymentRecord>();
  const show = (update: ReleaseUpdate | null) => {
    if (!update || verdict.isSettled) return;
    if (update.kind === 'rejected') {
      if (flags.json) ctx.out.json({ rejected: update.rejection });
      return verdict.reject(rejectionError(update.rejection));
    }
    if (flags.wait && !flags.json) {
      const r = update.record;
      if (update.accepted) ctx.out.line(`deployment ${r.id}: ${plan(r)}`);
      // entries run to the end of the history, so only the last one has the record's message.
      update.entries.forEach((entry, i) => ctx.out.line(phaseLine(r, entry, i === update.entries.length - 1 ? r.message : undefined)));
    }
    if (!flags.wait || update.finished) verdict.resolve(update.record);
    if (flags.approveAs && update.record.phase === 'AwaitingApproval' && !approvalSent) {
      approvalSent = true;
      approve(update.record.id, flags.approveAs);
    }
  };

  await withBus(flags, ctx, async (bus) => {
    approve = (deploymentId, by) => {
      bus.publish('approve', [], { deploymentId, by, reason: 'approved in the pipeline' }, { deploymentId }).catch((err: unknown) => {
        verdict.reject(new UnreachableError(`could not send the approval of ${deploymentId}: ${(err as Error).message}`, { cause: err }));
      });
    };
    // Subscribed before publishing, so not even an instant answer is missed.
    await Promise.all([
      bus.follow('deploymentEvent', async (env) => show(tracker.deploymentEvent(env)), { filter: subjects.deploymentEvent(service), deliver: 'new' }),
      bus.follow('releaseRejected', async (env) => show(tracker.rejected(env)), { deliver: 'new' }),
    ]);
    try {
      await publishAgainOnFailure(() => bus.publish('release', [], command, { id: requestId }), PUBLISH_ATTEMPTS);
    } catch (cause) {
      throw new UnreachableError(`Cutover did not take the release: ${(cause as Error).message}`, { cause });
    }
    const acceptMs = Math.min(ACCEPT_TIMEOUT_MS, timeoutMs);
    verdict.deadline(acceptMs, () =>
      tracker.record
        ? null
        : new UnreachableError(
            `the orchestrator did not answer within ${formatDuration(acceptMs)}: is it running? ` +
              `The release stays queued and runs when it starts (request ${requestId})`,
          ),
    );
    if (flags.wait) {
      verdict.deadline(timeoutMs, () => {
        const r = tracker.record;
        return new DeadlineExceededError(
          `gave up after ${formatDuration(timeoutMs)}: deployment ${r?.id ?? '(not accepted)'} is still ${r?.phase ?? 'queued'} and goes on; follow it with \`cutover watch ${service}\``,
        );
      });
    }
    let record: DeploymentRecord;
    try {
      record = await verdict.promise;
    } catch (err) {
      if (flags.junit) writeJunit(flags.junit, junitReport({ service, version, error: (err as Error).message, record: tracker.record }, ctx.clock.now()));
      throw err;
    }
    if (flags.junit) writeJunit(flags.junit, junitReport(record, ctx.clock.now()));
    report(ctx, record, flags);
  });
}

function writeJunit(file: string, xml: string): void {
  try {
    writeFileSync(file, xml);
  } catch (cause) {
    throw new UsageError(`cannot write --junit ${file}: ${(cause as Error).message}`, { cause });
  }
}

function plan(r: DeploymentRecord): string {
  return r.fromColor
    ? `${r.service} ${r.fromVersion ?? '(unknown)'} → ${r.version}, ${colors(r.fromColor, r.toColor)}`
    : `${r.service} ${r.version} → ${r.toColor}, the first release of ${r.service}`;
}

function releaseInput(service: string, version: string, flags: ReleaseFlags, env: NodeJS.ProcessEnv): ReleaseCommand {
  const command: ReleaseCommand = { service: inputs.serviceName(service), version: inputs.version(version) };
  const metadata = releaseMetadata(flags, env);
  if (metadata) command.metadata = metadata;
  const environment = environmentOf(flags, env);
  if (environment) command.environment = environment;
  if (flags.env) command.env = inputs.envAssignments(flags.env);
  if (flags.image !== undefined) {
    if (flags.image.trim() === '') throw new UsageError('invalid --image: it is empty');
    command.image = flags.image;
  }
  try {
    return validate(ReleaseCommandSchema, command, 'release');
  } catch (cause) {
    throw new UsageError((cause as Error).message, { cause });
  }
}

function rejectionError(rejected: ReleaseRejected): CliError {
  const message = `release rejected (${rejected.code}): ${rejected.reason}`;
  return INPUT_CODES.has(rejected.code) ? new UsageError(message) : new OperationFailedError(message);
}

function report(ctx: CliContext, record: DeploymentRecord, flags: ReleaseFlags): void {
  if (flags.json) ctx.out.json(record);
  if (!flags.wait) {
    if (!flags.json) ctx.out.line(record.id);
    return;
  }
  if (!isTerminal(record.phase)) return;
  const took = formatDuration(Date.parse(record.finishedAt ?? record.updatedAt) - Date.parse(record.createdAt));
  if (record.phase === 'Succeeded') {
    if (!flags.json) ctx.out.line(`${record.service} ${record.version} is live on ${record.toColor} (deployment ${record.id}, ${took})`);
    return;
  }
  const details = record.phase === 'RolledBack' ? [`why: cutover diagnostics ${record.id}`] : [];
  throw new OperationFailedError(`${record.service} ${record.version} ${record.phase} (${outcomeReason(record)}) after ${took}: ${record.message}`, { details });
}
