// Crash anywhere: each of the four services is SIGKILLed the moment a deployment enters each
// phase, then started again. The deployment must still end as it would have without the
// crash, with traffic on the color that verdict implies, recorded once, and with nothing
// left running that no deployment needs.
import type { Phase } from '@cutover/contracts';
import { waitFor } from '@cutover/testkit';
import { appProcesses, startFaultStack, type FaultStack } from './support/fault-stack';

const SERVICES = ['orchestrator', 'health-monitor', 'switcher', 'rollback'] as const;
const PHASES: Phase[] = ['Preparing', 'Verifying', 'AwaitingApproval', 'Switching', 'Monitoring', 'RollingBack'];
const other = (color: string) => (color === 'blue' ? 'green' : 'blue');

describe.each(SERVICES)('%s killed with SIGKILL', (victim) => {
  let stack: FaultStack;
  let version = 1;
  // Each app service is named after the victim, so no two describes ever share processes.
  const web = `crash-${victim}`;
  const gated = `gated-${victim}`;

  beforeAll(async () => {
    stack = await startFaultStack({ [web]: {}, [gated]: { policy: { approval: { required: true, timeoutMs: null } } } });
    // A live color first: every case deploys over it, and a rollback has somewhere to go.
    for (const service of [web, gated]) {
      const id = await stack.release(service, '0.1.0');
      if (service === gated) await stack.onPhase(id, 'AwaitingApproval', () => stack.approve(id));
      expect((await stack.verdict(id)).phase).toBe('Succeeded');
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(PHASES)(`in %s: the deployment ends as it should, once, with traffic on the right color and no orphan`, async (phase) => {
    const service = phase === 'AwaitingApproval' ? gated : web;
    const before = await stack.routing(service);
    const idsBefore = await stack.recentDeploymentIds(service);
    const fails = phase === 'RollingBack';
    const v = `${++version}.0.0`;

    const id = await stack.release(service, v, fails ? { FAULT_AFTER_MS: '2000' } : undefined);
    await stack.onPhase(id, phase, () => stack.cutover.kill(victim, 'SIGKILL'));
    await stack.cutover.restart(victim);
    if (service === gated) await stack.onPhase(id, 'AwaitingApproval', () => stack.approve(id));

    const record = await stack.verdict(id);
    const live = fails ? before!.liveColor! : record.toColor;
    const liveVersion = fails ? before!.liveVersion : v;
    const phases = record.history.map((h) => h.phase);
    expect({ phase: record.phase, reason: record.reason }).toEqual({ phase: fails ? 'RolledBack' : 'Succeeded', reason: expect.any(String) });
    // Run once: no phase entered twice, the crash phase among them.
    expect(phases).toContain(phase);
    expect(new Set(phases).size).toBe(phases.length);
    // Recorded once, and nothing else started meanwhile.
    expect(await stack.recentDeploymentIds(service)).toEqual([id, ...idsBefore]);
    if (fails) {
      // Seconds, not minutes, even when the crash took the switch-back with it.
      const rollingBackAt = Date.parse(record.history.find((h) => h.phase === 'RollingBack')!.at);
      expect(Date.parse(record.rolledBackAt!) - rollingBackAt).toBeLessThan(15_000);
    }
    expect(await stack.routing(service)).toMatchObject({ liveColor: live, liveVersion });
    await waitFor(async () => (await stack.served(service))?.version === liveVersion, { timeoutMs: 15_000, what: `the router of ${service} to serve ${liveVersion}` });
    expect(await stack.served(service)).toEqual({ version: liveVersion, color: live });

    // No orphan: the idle color goes after the scale-down delay, and only the live instance runs.
    await waitFor(async () => (await stack.environment(service, other(live)))?.status === 'stopped', {
      timeoutMs: 20_000,
      what: `${service}'s ${other(live)} color to be stopped`,
    });
    expect(await stack.environment(service, live)).toMatchObject({ status: 'ready', version: liveVersion });
    await waitFor(() => appProcesses(service).length === 1, { timeoutMs: 10_000, what: `one process of ${service} left (have ${appProcesses(service).length})` });
  });
});
