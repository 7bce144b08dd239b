// Following one release on the event stream: which events belong to it, which phase
// changes have not been shown yet, and when it is over. Pure, so the matching rules are
// tested without NATS.
import { isTerminal, type DeploymentRecord, type Envelope, type PhaseEntry, type ReleaseRejected, type DeploymentEvent } from '@cutover/contracts';

export type ReleaseUpdate =
  | { kind: 'rejected'; rejection: ReleaseRejected }
  | {
      kind: 'progress';
      record: DeploymentRecord;
      /** Phase changes not reported before, oldest first; the last one carries record.message. */
      entries: PhaseEntry[];
      /** True for the first event of this deployment. */
      accepted: boolean;
      finished: boolean;
    };

export class ReleaseTracker {
  private deploymentId: string | null = null;
  private shown = 0;
  private latest: DeploymentRecord | null = null;

  /** requestId: the envelope id of the release command. */
  constructor(readonly requestId: string) {}

  get record(): DeploymentRecord | null {
    return this.latest;
  }

  rejected(env: Envelope<ReleaseRejected>): ReleaseUpdate | null {
    return env.data.requestId === this.requestId ? { kind: 'rejected', rejection: env.data } : null;
  }

  deploymentEvent(env: Envelope<DeploymentEvent>): ReleaseUpdate | null {
    const record = env.data.deployment;
    if (!this.belongs(env, record)) return null;
    // A redelivered or late event carries no history we have not shown already.
    if (this.latest && record.history.length < this.latest.history.length) return null;
    const accepted = this.deploymentId === null;
    this.deploymentId = record.id;
    this.latest = record;
    const entries = record.history.slice(this.shown);
    this.shown = Math.max(this.shown, record.history.length);
    return { kind: 'progress', record, entries, accepted, finished: isTerminal(record.phase) };
  }

  private belongs(env: Envelope<unknown>, record: DeploymentRecord): boolean {
    // Phase changes made by other processes (rollback, verbs) keep the release's id as
    // correlation id or record it in the deployment; the deployment id covers the rest.
    return (
      env.correlationId === this.requestId ||
      record.requestId === this.requestId ||
      (this.deploymentId !== null && record.id === this.deploymentId)
    );
  }
}
