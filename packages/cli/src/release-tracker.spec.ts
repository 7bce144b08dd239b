import { encode, type DeploymentRecord, type Envelope, type DeploymentEvent } from '@cutover/contracts';
import { ReleaseTracker } from './release-tracker';
import { deployment, SUCCEEDED } from './testing/fixtures';

const REQUEST = 'req-1';
const full = deployment('demo-00000000100000001', SUCCEEDED, { requestId: REQUEST });
const upTo = (n: number): DeploymentRecord => ({ ...full, phase: full.history[n - 1]!.phase, history: full.history.slice(0, n) });
const event = (record: DeploymentRecord, correlationId = REQUEST): Envelope<DeploymentEvent> =>
  encode('deploymentEvent', { deployment: record, previousPhase: null }, { source: 'orchestrator', correlationId });

describe('ReleaseTracker', () => {
  it('takes the first matching event as acceptance and reports each phase change once', () => {
    const tracker = new ReleaseTracker(REQUEST);
    const first = tracker.deploymentEvent(event(upTo(1)));
    expect(first).toMatchObject({ kind: 'progress', accepted: true, finished: false });
    expect(first?.kind === 'progress' && first.entries.map((e) => e.phase)).toEqual(['Requested']);
    // An event was missed: the next one fills the gap from its history.
    const third = tracker.deploymentEvent(event(upTo(3)));
    expect(third?.kind === 'progress' && [third.accepted, third.entries.map((e) => e.phase)]).toEqual([false, ['Preparing', 'Verifying']]);
    // A late duplicate of an older event shows nothing.
    expect(tracker.deploymentEvent(event(upTo(2)))).toBeNull();
    expect(tracker.deploymentEvent(event(upTo(6)))).toMatchObject({ finished: true });
  });

  it('ignores other releases of the same service but follows its deployment whatever the correlation id', () => {
    const tracker = new ReleaseTracker(REQUEST);
    const other = { ...upTo(1), id: 'demo-00000000200000002', requestId: 'req-2' };
    expect(tracker.deploymentEvent(event(other, 'req-2'))).toBeNull();
    // The record names the request even when a verb published it under another correlation id.
    expect(tracker.deploymentEvent(event(upTo(1), 'verb-7'))).toMatchObject({ accepted: true });
    const withoutRequest = upTo(2);
    delete withoutRequest.requestId;
    expect(tracker.deploymentEvent(event(withoutRequest, 'rollback-3'))).toMatchObject({ kind: 'progress' });
  });

  it('matches a rejection by the command id only', () => {
    const tracker = new ReleaseTracker(REQUEST);
    const rejected = (requestId: string) =>
      encode('releaseRejected', { requestId, code: 'busy', reason: 'running' }, { source: 'orchestrator' });
    expect(tracker.rejected(rejected('req-2'))).toBeNull();
    expect(tracker.rejected(rejected(REQUEST))).toEqual({ kind: 'rejected', rejection: { requestId: REQUEST, code: 'busy', reason: 'running' } });
  });
});
