// NATS outages: the server crashes mid-deployment and comes back on its store, or stays away
// longer than the monitoring window while a bad version is live. Every Cutover process must
// reconnect by itself, nothing stored may be lost, and the verdict must be the one the
// evidence supports once NATS is back: never a success nobody observed, never a half-switch.
import { subjects, type DeploymentEvent } from '@cutover/contracts';
import { waitFor } from '@cutover/testkit';
import { FAULT_POLICY, startFaultStack, type FaultStack } from './support/fault-stack';

const SERVICE = 'outage';

describe('NATS outage', () => {
  let stack: FaultStack;
  const pids = () => stack.cutover.components().filter((c) => c.name !== 'nats-server').map((c) => `${c.name}:${c.pid}`);

  beforeAll(async () => {
    stack = await startFaultStack({ [SERVICE]: {} });
    expect((await stack.verdict(await stack.release(SERVICE, '1.0.0'))).phase).toBe('Succeeded');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Every deployment event of the deployment still in the stream, in order. */
  async function announced(id: string, until: (e: DeploymentEvent) => boolean): Promise<string[]> {
    const phases: string[] = [];
    let done = false;
    const follower = await stack.bus.follow(
      'deploymentEvent',
      async (env) => {
        if (env.data.deployment.id !== id) return;
        phases.push(env.data.deployment.phase);
        if (until(env.data)) done = true;
      },
      { filter: subjects.deploymentEvent(SERVICE), deliver: 'all' },
    );
    await waitFor(() => done, { timeoutMs: 15_000, what: `the events of ${id} up to its verdict` });
    await follower.stop();
    return phases;
  }

  async function everyProcessReady(): Promise<void> {
    for (const c of stack.cutover.components().filter((c) => c.name !== 'nats-server')) {
      await waitFor(async () => (await fetch(`${c.url}/readyz`).catch(() => null))?.status === 200, { timeoutMs: 30_000, what: `${c.name} ready again` });
    }
  }

  it('nats-server SIGKILLed in Verifying and restarted on its store: the deployment finishes once, every process reconnects by itself, no event is lost', async () => {
    const before = pids();
    const id = await stack.release(SERVICE, '2.0.0');
    await stack.onPhase(id, 'Verifying', () => stack.nats.kill());
    await stack.nats.restart();

    const record = await stack.verdict(id);
    expect(record.phase).toBe('Succeeded');
    const phases = record.history.map((h) => h.phase);
    expect(new Set(phases).size).toBe(phases.length);
    // Each phase change is in the events stream, once, as the record says.
    const events = await announced(id, (e) => e.deployment.phase === 'Succeeded');
    expect(events).toEqual(phases.slice(phases.indexOf(events[0] as (typeof phases)[number])));
    await everyProcessReady();
    expect(pids()).toEqual(before);
    expect(await stack.routing(SERVICE)).toMatchObject({ liveColor: record.toColor, liveVersion: '2.0.0' });
    await waitFor(async () => (await stack.served(SERVICE))?.version === '2.0.0', { timeoutMs: 10_000, what: 'the router to serve 2.0.0' });
  });

  it('NATS away for twice the monitoring window while a bad version is live: rolled back once it returns, never declared a success', async () => {
    const before = await stack.routing(SERVICE);
    const id = await stack.release(SERVICE, '3.0.0', { FAULT_AFTER_MS: '3000' });
    await stack.onPhase(id, 'Monitoring', () => stack.nats.stop());
    // The outage itself: it has to outlast the window, so it is held for a fixed time.
    await new Promise((resolve) => setTimeout(resolve, 2 * FAULT_POLICY.monitorWindowMs));
    await stack.nats.restart();

    const record = await stack.verdict(id);
    expect(record.history.map((h) => h.phase)).not.toContain('Succeeded');
    expect(record.phase).toBe('RolledBack');
    await everyProcessReady();
    // Traffic is wholly back: the routing record and what the router serves agree.
    expect(await stack.routing(SERVICE)).toMatchObject({ liveColor: before!.liveColor, liveVersion: before!.liveVersion });
    await waitFor(async () => (await stack.served(SERVICE))?.version === before!.liveVersion, { timeoutMs: 10_000, what: `the router to serve ${before!.liveVersion}` });
  });
});
