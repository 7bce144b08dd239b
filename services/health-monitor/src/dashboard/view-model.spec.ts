import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentView, fromDeployment, fromEnvironment, fromNotification, fromSnapshot, fromSwitch, fromTransition } from './to-dashboard-event';
import { at, deployment, environment, snapshot } from './testing/fixtures';
import { applyEvent, emptyService, LIMITS, type DashboardView } from './view-model';

const empty = (): DashboardView => ({ services: {}, events: [] });

describe('dashboard view model', () => {
  it('runs in the browser as it is: it imports types only', () => {
    const source = readFileSync(join(__dirname, 'view-model.ts'), 'utf8');
    const imports = source.split('\n').filter((l) => /^import\s/.test(l));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((l) => /^import type\s/.test(l))).toBe(true);
  });

  it('follows a deployment through its phases and keeps the newest record', () => {
    const view = empty();
    applyEvent(view, fromDeployment({ deployment: deployment('demo-aaaaaa', ['Requested', 'Preparing']), previousPhase: 'Requested' }));
    applyEvent(view, fromDeployment({ deployment: deployment('demo-aaaaaa', ['Requested', 'Preparing', 'Verifying']), previousPhase: 'Preparing' }));
    // A late copy of an older state (e.g. the initial state racing the stream) is ignored.
    applyEvent(view, fromDeployment({ deployment: deployment('demo-aaaaaa', ['Requested', 'Preparing']), previousPhase: 'Requested' }));
    const d = view.services.demo!.deployment!;
    expect(d.phase).toBe('Verifying');
    expect(d.history.map((h) => h.phase)).toEqual(['Requested', 'Preparing', 'Verifying']);
    expect(view.events.map((e) => e.text)).toEqual([
      '2.0.0 Preparing → Verifying: Verifying message',
      '2.0.0 Requested → Preparing: Preparing message',
    ]);
  });

  it('replaces the deployment with a newer one but not with an older one', () => {
    const view = empty();
    applyEvent(view, fromDeployment({ deployment: deployment('demo-bbbbbb', ['Requested'], { version: '3.0.0' }, 100), previousPhase: null }));
    applyEvent(view, fromDeployment({ deployment: deployment('demo-aaaaaa', ['Requested', 'Succeeded'], {}, 0), previousPhase: 'Requested' }));
    expect(view.services.demo!.deployment!.id).toBe('demo-bbbbbb');
  });

  it('never carries the release env to the page', () => {
    const event = fromDeployment({ deployment: deployment('demo-aaaaaa', ['Requested']), previousPhase: null });
    expect(JSON.stringify(event)).not.toContain('never-shown');
    expect(Object.keys(deploymentView(deployment('demo-aaaaaa', ['Requested'])))).not.toContain('policy');
  });

  it('links the diagnostics of a rolled-back deployment once', () => {
    const view = empty();
    const rolledBack = deployment('demo-cccccc', ['Requested', 'Monitoring', 'RollingBack', 'RolledBack'], { version: '3.0.0' });
    applyEvent(view, fromDeployment({ deployment: rolledBack, previousPhase: 'RollingBack' }));
    applyEvent(view, fromDeployment({ deployment: rolledBack, previousPhase: 'RollingBack' }));
    expect(view.services.demo!.rolledBack).toEqual([{ deploymentId: 'demo-cccccc', version: '3.0.0', at: rolledBack.updatedAt }]);
    expect(view.events[0]).toMatchObject({ kind: 'phase', level: 'critical' });
  });

  it('moves the live color and version on a confirmed switch only', () => {
    const view = empty();
    applyEvent(view, fromEnvironment(environment({ color: 'green', version: '2.0.0' })));
    applyEvent(view, fromSwitch({ commandId: 'c1', service: 'demo', ok: false, fromColor: 'blue', toColor: 'green', code: 'router_error', error: 'boom', durationMs: 3 }, at(1)));
    expect(view.services.demo!.liveColor).toBeNull();
    expect(view.events[0]).toMatchObject({ kind: 'switch', level: 'critical', text: 'switch to green failed: boom' });
    applyEvent(view, fromSwitch({ commandId: 'c2', service: 'demo', ok: true, fromColor: 'blue', toColor: 'green', durationMs: 12.4 }, at(2)));
    expect(view.services.demo).toMatchObject({ liveColor: 'green', liveVersion: '2.0.0' });
    expect(view.events[0]!.text).toBe('traffic switched blue → green in 12 ms');
  });

  it('draws health points per color, in time order, bounded, and starts over with a new version', () => {
    const view = empty();
    for (let i = 0; i < LIMITS.points + 5; i++) applyEvent(view, fromSnapshot(snapshot({ at: at(i), lastProbe: { at: at(i), target: 't', ok: true, latencyMs: i } })));
    applyEvent(view, fromSnapshot(snapshot({ at: at(3), state: 'degraded' })));
    const green = view.services.demo!.colors.green;
    expect(green.points).toHaveLength(LIMITS.points);
    expect(green.points[green.points.length - 1]).toMatchObject({ latencyMs: LIMITS.points + 4, state: 'healthy', ok: true });
    expect(green.health).toBe('healthy');
    expect(view.services.demo!.colors.blue.points).toEqual([]);

    applyEvent(view, fromSnapshot(snapshot({ version: '3.0.0', at: at(200), state: 'unknown', lastProbe: null })));
    expect(green).toMatchObject({ version: '3.0.0', health: 'unknown', points: [{ at: at(200), latencyMs: null, ok: null, state: 'unknown', errorRate: null }] });
  });

  it('lists transitions, environment changes and notifications as recent events, newest first and bounded', () => {
    const view = empty();
    const degraded = snapshot({ state: 'degraded' });
    applyEvent(view, fromTransition({ service: 'demo', color: 'green', version: '2.0.0', from: 'healthy', to: 'degraded', at: at(1), reason: '3 probes failed', snapshot: degraded }));
    applyEvent(view, fromEnvironment(environment({ status: 'failed', reason: 'ProcessExited', updatedAt: at(2) })));
    applyEvent(view, fromNotification({ service: 'demo', level: 'warning', title: 'Rolled back', text: 'demo 2.0.0' }, at(3)));
    expect(view.events.map((e) => [e.kind, e.level, e.text])).toEqual([
      ['notification', 'warning', 'Rolled back: demo 2.0.0'],
      ['environment', 'critical', 'green 2.0.0 failed: ProcessExited'],
      ['health', 'warning', 'green 2.0.0 healthy → degraded: 3 probes failed'],
    ]);
    expect(view.services.demo!.colors.green.health).toBe('degraded');
    for (let i = 0; i < LIMITS.events + 10; i++) applyEvent(view, fromNotification({ service: 'demo', level: 'info', title: `n${i}`, text: '' }, at(10 + i)));
    expect(view.events).toHaveLength(LIMITS.events);
    expect(view.events[0]!.text).toBe(`n${LIMITS.events + 9}: `);
  });

  it('adds a service it first hears of', () => {
    const view = empty();
    applyEvent(view, fromNotification({ service: 'shop', level: 'info', title: 't', text: 'x' }, at(0)));
    expect(view.services.shop).toEqual(emptyService('shop'));
  });
});
