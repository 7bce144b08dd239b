import type { RollbackCommand, ServiceState } from '@cutover/contracts';
import { at, deployment, routing } from '../testing/fixtures';
import { decideOnCommand, latestDeploymentId } from './on-command';

const now = new Date(at(5000));
const ID = 'demo-0000000001abcdef';
const cmd = (patch: Partial<RollbackCommand> = {}): RollbackCommand => ({ service: 'demo', reason: 'checkout errors', by: 'alice', ...patch });
const state = (patch: Partial<ServiceState>): ServiceState => ({ service: 'demo', activeDeploymentId: null, recentDeploymentIds: [], ...patch });

describe('latestDeploymentId', () => {
  it('prefers the running deployment, then the newest one', () => {
    expect(latestDeploymentId(state({ activeDeploymentId: 'demo-0000000003abcdef', recentDeploymentIds: ['demo-0000000002abcdef'] }))).toBe('demo-0000000003abcdef');
    expect(latestDeploymentId(state({ recentDeploymentIds: ['demo-0000000002abcdef', 'demo-0000000001abcdef'] }))).toBe('demo-0000000002abcdef');
    expect(latestDeploymentId(state({}))).toBeNull();
    expect(latestDeploymentId(null)).toBeNull();
  });
});

describe('decideOnCommand', () => {
  it('begins a requested rollback of a Monitoring deployment, naming who asked', () => {
    const plan = decideOnCommand(cmd(), ID, deployment({ phase: 'Monitoring' }), routing('green'), now);
    if (plan.kind !== 'begin') throw new Error(`expected begin, got ${JSON.stringify(plan)}`);
    expect(plan.record.phase).toBe('RollingBack');
    expect(plan.record.reason).toBe('RollbackRequested');
    expect(plan.record.message).toContain('checkout errors (requested by alice)');
    expect(plan.record.firstFaultAt).toBeUndefined();
  });

  it('rolls back a Succeeded deployment while its previous color is warm', () => {
    const plan = decideOnCommand(cmd(), ID, deployment({ phase: 'Succeeded', finishedAt: at(4000) }), routing('green'), now);
    expect(plan.kind).toBe('begin');
  });

  it('refuses once the previous color was scaled down', () => {
    const plan = decideOnCommand(cmd(), ID, deployment({ phase: 'Succeeded', previousScaledDown: true }), routing('green'), now);
    expect(plan).toEqual({ kind: 'decline', reason: expect.stringContaining('already scaled down') });
  });

  it('refuses a deployment that never moved traffic', () => {
    expect(decideOnCommand(cmd(), ID, deployment({ phase: 'Verifying' }), routing('blue'), now).kind).toBe('decline');
  });

  it('refuses a second rollback of a rolled-back deployment', () => {
    const plan = decideOnCommand(cmd(), ID, deployment({ phase: 'RolledBack', rolledBackAt: at(3000) }), routing('blue'), now);
    expect(plan.kind).toBe('decline');
  });

  it('resumes a rollback already under way', () => {
    expect(decideOnCommand(cmd(), ID, deployment({ phase: 'RollingBack' }), routing('green'), now)).toEqual({ kind: 'resume' });
  });

  it('refuses when the deployment color is not what serves traffic', () => {
    const plan = decideOnCommand(cmd(), ID, deployment({ phase: 'Succeeded' }), routing('blue'), now);
    expect(plan).toEqual({ kind: 'decline', reason: expect.stringContaining('green of deployment demo-0000000001abcdef is not live (blue is)') });
  });

  it('refuses to roll back an older deployment than the latest', () => {
    const plan = decideOnCommand(cmd({ deploymentId: 'demo-0000000000abcdef' }), ID, deployment({ phase: 'Monitoring' }), routing('green'), now);
    expect(plan).toEqual({ kind: 'decline', reason: expect.stringContaining('is not the latest deployment of demo') });
  });

  it('refuses a service that never had a deployment', () => {
    expect(decideOnCommand(cmd(), null, null, null, now)).toEqual({ kind: 'decline', reason: 'demo has no deployment to roll back' });
  });

  it('refuses when the record is gone', () => {
    expect(decideOnCommand(cmd(), ID, null, routing('green'), now).kind).toBe('decline');
  });
});
