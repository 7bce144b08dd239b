import { classify, isRolledOut, type ClassifyContext, type ColorObjects } from './status';
import { HASH, deployment, event, pod, replicaSet } from './testing/objects';

const ctx = (over: Partial<ClassifyContext> = {}): ClassifyContext => ({
  now: new Date('2025-03-01T10:00:05.000Z'),
  readinessTimeoutMs: 30_000,
  readinessFailureThreshold: 3,
  readinessPeriodMs: 1_000,
  containerPort: 8080,
  wasReady: false,
  ...over,
});

const objects = (over: Partial<ColorObjects> = {}): ColorObjects => ({ deployment: deployment(), replicaSets: [replicaSet(HASH)], pods: [], events: [], ...over });

const rolledOut = () => deployment({ status: { replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2 } });
const readyPods = () => [pod('shop-green-abc-1', { ready: true, ip: '10.0.0.1' }), pod('shop-green-abc-2', { ready: true, ip: '10.0.0.2' })];

describe('classify: ready', () => {
  it('is ready when the controller saw the spec and every replica is updated and available', () => {
    expect(classify(objects({ deployment: rolledOut(), pods: readyPods() }), ctx())).toEqual({
      status: 'ready',
      reason: 'Ready',
      message: '2 pod(s) of 2.0.0 ready',
      endpoints: [
        { host: '10.0.0.1', port: 8080 },
        { host: '10.0.0.2', port: 8080 },
      ],
    });
  });

  it('is not ready while the controller has not observed the latest generation', () => {
    const stale = deployment({ generation: 2, observedGeneration: 1, status: { replicas: 2, updatedReplicas: 2, availableReplicas: 2 } });
    expect(isRolledOut(stale)).toBe(false);
    expect(classify(objects({ deployment: stale, pods: readyPods() }), ctx()).status).toBe('starting');
  });

  it('is not ready while old pods remain or some are not updated or available', () => {
    expect(isRolledOut(deployment({ status: { replicas: 3, updatedReplicas: 2, availableReplicas: 2 } }))).toBe(false);
    expect(isRolledOut(deployment({ status: { replicas: 2, updatedReplicas: 1, availableReplicas: 2 } }))).toBe(false);
    expect(isRolledOut(deployment({ status: { replicas: 2, updatedReplicas: 2, availableReplicas: 1 } }))).toBe(false);
  });

  it('lists only ready pods of the release as endpoints, never old or terminating ones', () => {
    const pods = [
      pod('shop-green-abc-1', { ready: true, ip: '10.0.0.1' }),
      pod('shop-green-abc-2', { ready: false, ip: '10.0.0.2' }),
      pod('shop-green-old-1', { ready: true, ip: '10.0.0.3', hash: 'old' }),
      pod('shop-green-abc-3', { ready: true, ip: '10.0.0.4', deleting: true }),
    ];
    expect(classify(objects({ pods }), ctx()).endpoints).toEqual([{ host: '10.0.0.1', port: 8080 }]);
  });
});

describe('classify: starting', () => {
  it('says how far it got and what each pod waits for', () => {
    const pods = [pod('shop-green-abc-1', { ready: true, ip: '10.0.0.1' }), pod('shop-green-abc-2', { containers: [{ state: { waiting: { reason: 'ContainerCreating' } } }] })];
    expect(classify(objects({ pods }), ctx())).toMatchObject({
      status: 'starting',
      reason: 'Starting',
      message: '1/2 pod(s) of 2.0.0 ready; shop-green-abc-1 ready, shop-green-abc-2 ContainerCreating',
    });
    expect(classify(objects(), ctx()).message).toBe('0/2 pod(s) of 2.0.0 ready; no pod created yet');
  });

  it('waits through a transient pod creation failure that is not about quota', () => {
    const rs = replicaSet(HASH, [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'error looking up service account cutover-shop/default: serviceaccount "default" not found' }]);
    expect(classify(objects({ replicaSets: [rs] }), ctx()).status).toBe('starting');
  });

  it('tolerates a few restarts and readiness failures below the thresholds', () => {
    const pods = [pod('shop-green-abc-1', { containers: [{ restartCount: 2 }] })];
    const events = [event('shop-green-abc-1', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 2)];
    expect(classify(objects({ pods, events }), ctx()).status).toBe('starting');
  });
});

describe('classify: failing fast with the Kubernetes reason', () => {
  it('CrashLoopBackOff, with the restarts and the last exit', () => {
    const pods = [
      pod('shop-green-abc-1', {
        containers: [
          {
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error' } },
          },
        ],
      }),
    ];
    expect(classify(objects({ pods }), ctx())).toEqual({
      status: 'failed',
      reason: 'CrashLoopBackOff',
      message: 'pod shop-green-abc-1: container shop is waiting: CrashLoopBackOff (back-off 40s restarting failed container) after 4 restart(s); last exit: code 1 (Error)',
      endpoints: [],
    });
  });

  it('a crash loop seen from the restart count before the kubelet names it', () => {
    const pods = [pod('shop-green-abc-1', { containers: [{ restartCount: 3, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] })];
    expect(classify(objects({ pods }), ctx())).toMatchObject({
      status: 'failed',
      reason: 'CrashLoopBackOff',
      message: 'pod shop-green-abc-1: container shop keeps crashing after 3 restart(s); last exit: code 137 (OOMKilled)',
    });
  });

  it.each(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CreateContainerConfigError'])('%s', (reason) => {
    const pods = [pod('shop-green-abc-1', { containers: [{ state: { waiting: { reason, message: 'image "shop:nope" not found' } } }] })];
    expect(classify(objects({ pods }), ctx())).toMatchObject({
      status: 'failed',
      reason,
      message: `pod shop-green-abc-1: container shop is waiting: ${reason} (image "shop:nope" not found)`,
    });
  });

  it('Unschedulable, with the scheduler\'s message', () => {
    const scheduled = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' };
    const pods = [pod('shop-green-abc-1', { scheduled, containers: [] })];
    expect(classify(objects({ pods }), ctx())).toMatchObject({
      status: 'failed',
      reason: 'Unschedulable',
      message: 'pod shop-green-abc-1 cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.',
    });
  });

  it('QuotaExceeded, from the release\'s ReplicaSet', () => {
    const message = 'pods "shop-green-abc-x" is forbidden: exceeded quota: cutover-quota, requested: pods=1, used: pods=1, limited: pods=1';
    const rs = replicaSet(HASH, [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message }]);
    expect(classify(objects({ replicaSets: [replicaSet('old'), rs], pods: [pod('shop-green-abc-1', { ready: true })] }), ctx())).toEqual({
      status: 'failed',
      reason: 'QuotaExceeded',
      message: `ReplicaSet shop-green-aaaa11 cannot create pods: ${message}`,
      endpoints: [],
    });
  });

  it('QuotaExceeded, from the Deployment when no ReplicaSet is listed', () => {
    const message = 'pods "x" is forbidden: exceeded quota: cutover-quota';
    const d = deployment({ conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message }] });
    expect(classify(objects({ deployment: d, replicaSets: [] }), ctx())).toMatchObject({ status: 'failed', reason: 'QuotaExceeded' });
  });

  it('ReadinessProbeFailed once the kubelet reported as many failures as the policy tolerates', () => {
    const pods = [pod('shop-green-abc-1')];
    const events = [
      event('shop-green-abc-1', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 2),
      event('shop-green-abc-1', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 500'),
      event('shop-green-other-1', 'Unhealthy', 'Readiness probe failed: not ours', 10),
    ];
    expect(classify(objects({ pods, events }), ctx())).toMatchObject({
      status: 'failed',
      reason: 'ReadinessProbeFailed',
      message: 'pod shop-green-abc-1: the readiness probe failed 3 times: Readiness probe failed: HTTP probe failed with statuscode: 500',
    });
  });

  it('ReadinessProbeFailed when the kubelet said it once and it went on for as many probes as tolerated', () => {
    const pods = [pod('shop-green-abc-1')];
    const events = [event('shop-green-abc-1', 'Unhealthy', 'Readiness probe failed (simulated)', 1, new Date('2025-03-01T10:00:01.000Z'))];
    expect(classify(objects({ pods, events }), ctx({ now: new Date('2025-03-01T10:00:03.999Z') })).status).toBe('starting');
    expect(classify(objects({ pods, events }), ctx({ now: new Date('2025-03-01T10:00:04.000Z') }))).toMatchObject({
      status: 'failed',
      reason: 'ReadinessProbeFailed',
      message: 'pod shop-green-abc-1: the readiness probe failed for 3 s: Readiness probe failed (simulated)',
    });
  });

  it('does not count readiness failures of containers still starting up', () => {
    const pods = [pod('shop-green-abc-1', { containers: [{ started: false }] })];
    const events = [event('shop-green-abc-1', 'Unhealthy', 'Readiness probe failed: connection refused', 10)];
    expect(classify(objects({ pods, events }), ctx()).status).toBe('starting');
  });

  it('ProgressDeadlineExceeded when Kubernetes gave up on the rollout', () => {
    const d = deployment({ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "shop-green-abc" has timed out progressing.' }] });
    expect(classify(objects({ deployment: d }), ctx())).toMatchObject({ status: 'failed', reason: 'ProgressDeadlineExceeded' });
  });

  it('ignores the problems of pods of an older release', () => {
    const pods = [pod('shop-green-old-1', { hash: 'old', containers: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] })];
    expect(classify(objects({ pods }), ctx()).status).toBe('starting');
  });
});

describe('classify: the readiness deadline', () => {
  it('fails at the deadline, counted from when the release was applied, saying what was still missing', () => {
    const pods = [pod('shop-green-abc-1')];
    expect(classify(objects({ pods }), ctx({ now: new Date('2025-03-01T10:00:29.999Z') })).status).toBe('starting');
    expect(classify(objects({ pods }), ctx({ now: new Date('2025-03-01T10:00:30.000Z') }))).toMatchObject({
      status: 'failed',
      reason: 'ReadinessTimeout',
      message: 'not ready within 30000 ms: 0/2 pod(s) of 2.0.0 ready; shop-green-abc-1 Running, not ready',
    });
  });
});

describe('classify: after the release was ready', () => {
  it('stays ready with the pods still ready, saying what the others do', () => {
    const pods = [pod('shop-green-abc-1', { ready: true, ip: '10.0.0.1' }), pod('shop-green-abc-2', { containers: [{ restartCount: 1 }] })];
    const seen = classify(objects({ pods }), ctx({ wasReady: true }));
    expect(seen).toMatchObject({ status: 'ready', message: '1/2 pod(s) of 2.0.0 ready; shop-green-abc-1 ready, shop-green-abc-2 Running, not ready' });
    expect(seen.endpoints).toEqual([{ host: '10.0.0.1', port: 8080 }]);
  });

  it('fails when no pod is ready any more, with the reason when Kubernetes gives one', () => {
    expect(classify(objects({ pods: [pod('shop-green-abc-1')] }), ctx({ wasReady: true }))).toMatchObject({
      status: 'failed',
      reason: 'PodsNotReady',
      message: 'no pod of 2.0.0 is ready any more: shop-green-abc-1 Running, not ready',
    });
    const crashing = pod('shop-green-abc-1', { containers: [{ restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } }] });
    expect(classify(objects({ pods: [crashing] }), ctx({ wasReady: true })).reason).toBe('CrashLoopBackOff');
  });
});

describe('classify: stopping and stopped', () => {
  it('is stopping while pods of a scaled-down color remain, stopped once none do', () => {
    const scaledDown = deployment({ replicas: 0, status: { replicas: 0 } });
    expect(classify(objects({ deployment: scaledDown, pods: [pod('shop-green-abc-1', { deleting: true })] }), ctx())).toMatchObject({
      status: 'stopping',
      message: 'scaled to 0; 1 pod(s) still terminating',
    });
    expect(classify(objects({ deployment: scaledDown }), ctx())).toMatchObject({ status: 'stopped', reason: 'ScaledDown' });
  });

  it('is stopped, not deployed, without a Deployment', () => {
    expect(classify(objects({ deployment: null }), ctx())).toMatchObject({ status: 'stopped', reason: 'NotDeployed' });
  });
});
