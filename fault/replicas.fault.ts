// Several replicas of each service against one NATS: every deployment is decided once, every
// switch and rollback happens once, every human hears once, and killing one replica leaves
// the others to finish what it was doing.
import { subjects, type Envelope } from '@cutover/contracts';
import type { Stoppable } from '@cutover/messaging';
import { waitFor } from '@cutover/testkit';
import { startFaultStack, type FaultStack, type Replica } from './support/fault-stack';

const SERVICE = 'replicated';

// The switcher is not among them: on the local runtime it is also the router, bound to the
// service's public port, so a second one could not listen there.
describe('two replicas of orchestrator, health-monitor and rollback', () => {
  let stack: FaultStack;
  const replicas: Replica[] = [];
  // Commands live in a work queue only their consumer may read: each switch command shows
  // as the one result the switcher publishes for it.
  const seen: Record<'deploymentEvent' | 'switchResult' | 'healthTransition' | 'notification', Envelope<unknown>[]> = {
    deploymentEvent: [],
    switchResult: [],
    healthTransition: [],
    notification: [],
  };
  const followers: Stoppable[] = [];
  const of = (kind: keyof typeof seen, deploymentId: string) => seen[kind].filter((e) => e.deploymentId === deploymentId || JSON.stringify(e.data).includes(deploymentId));

  beforeAll(async () => {
    stack = await startFaultStack({ [SERVICE]: { instances: 2 } });
    for (const name of ['orchestrator', 'health-monitor', 'rollback'] as const) replicas.push(await stack.replica(name));
    const record = <K extends keyof typeof seen>(kind: K) => async (env: Envelope<unknown>) => void seen[kind].push(env);
    followers.push(
      await stack.bus.follow('deploymentEvent', record('deploymentEvent'), { filter: subjects.deploymentEvent(SERVICE), deliver: 'new' }),
      await stack.bus.follow('switchResult', record('switchResult'), { filter: subjects.switchResult(SERVICE), deliver: 'new' }),
      await stack.bus.follow('healthTransition', record('healthTransition'), { deliver: 'new' }),
      await stack.bus.follow('notification', record('notification'), { filter: subjects.notification(SERVICE), deliver: 'new' }),
    );
  });

  afterAll(async () => {
    await Promise.all(followers.map((f) => f.stop()));
    await stack?.stop();
  });

  it('a healthy release goes live with one event per phase and one switch', async () => {
    const id = await stack.release(SERVICE, '1.0.0');
    const record = await stack.verdict(id);
    expect(record.phase).toBe('Succeeded');
    await waitFor(async () => (await stack.served(SERVICE))?.version === '1.0.0', { timeoutMs: 10_000, what: 'router serving 1.0.0' });
    const announced = () => of('deploymentEvent', id).map((e) => (e.data as { deployment: { phase: string } }).deployment.phase);
    // The record is read from its bucket; the event may reach this follower a moment later.
    await waitFor(() => announced().includes('Succeeded'), { timeoutMs: 10_000, what: 'the Succeeded event' });
    expect(new Set(announced()).size).toBe(announced().length);
    expect(of('switchResult', id)).toHaveLength(1);
  });

  it('a release failing after going live is rolled back once, with one notification of each kind', async () => {
    const id = await stack.release(SERVICE, '2.0.0', { FAULT_AFTER_MS: '2000' });
    const record = await stack.verdict(id);
    expect(record.phase).toBe('RolledBack');
    // Forward, then back: two switches, no more.
    expect(of('switchResult', id)).toHaveLength(2);
    // One replica probes: each change of the bad color's health is announced once.
    const transitions = seen.healthTransition
      .map((e) => e.data as { service: string; version: string | null; from: string; to: string })
      .filter((t) => t.service === SERVICE && t.version === '2.0.0')
      .map((t) => `${t.from}->${t.to}`);
    expect(transitions).toContain('healthy->degraded');
    expect(new Set(transitions).size).toBe(transitions.length);
    const titles = of('notification', id).map((n) => (n.data as { event?: string; title: string }).event ?? (n.data as { title: string }).title);
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it.each(['orchestrator', 'health-monitor', 'rollback'] as const)('with the first %s killed mid-deployment, the replica finishes it', async (victim) => {
    const before = await stack.routing(SERVICE);
    const id = await stack.release(SERVICE, `3.0.0-${victim}`, { FAULT_AFTER_MS: '2000' });
    await stack.onPhase(id, 'Monitoring', () => stack.cutover.kill(victim, 'SIGKILL'));
    const record = await stack.verdict(id);
    expect(record.phase).toBe('RolledBack');
    expect(await stack.routing(SERVICE)).toMatchObject({ liveColor: before!.liveColor, liveVersion: before!.liveVersion });
    expect(of('switchResult', id)).toHaveLength(2);
    await stack.cutover.restart(victim);
  });
});
