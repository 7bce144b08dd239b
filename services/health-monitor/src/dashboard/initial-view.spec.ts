import { serviceView, initialView } from './initial-view';
import { deployment, environment, routing, snapshot } from './testing/fixtures';

describe('initial dashboard view', () => {
  it('shows live and idle colors with versions, environment status and health from KV', () => {
    const view = serviceView({
      service: 'demo',
      routing: routing({ liveColor: 'green', liveVersion: '2.0.0' }),
      environments: { blue: environment({ color: 'blue', version: '1.0.0', status: 'ready' }), green: environment() },
      health: { blue: snapshot({ color: 'blue', version: '1.0.0', state: 'degraded' }), green: snapshot() },
      deployments: [],
    });
    expect(view).toMatchObject({ liveColor: 'green', liveVersion: '2.0.0', deployment: null, rolledBack: [] });
    expect(view.colors.blue).toMatchObject({ version: '1.0.0', status: 'ready', health: 'degraded' });
    expect(view.colors.green.points).toEqual([{ at: snapshot().at, state: 'healthy', latencyMs: 4, ok: true, errorRate: null }]);
  });

  it('ignores a health snapshot of a version the environment no longer runs', () => {
    const view = serviceView({
      service: 'demo',
      routing: null,
      environments: { blue: null, green: environment({ version: '3.0.0', status: 'starting' }) },
      health: { blue: null, green: snapshot({ version: '2.0.0' }) },
      deployments: [],
    });
    expect(view.colors.green).toMatchObject({ version: '3.0.0', status: 'starting', health: null, points: [] });
    expect(view.liveColor).toBeNull();
  });

  it('takes the first deployment as current and links every rolled-back one', () => {
    const current = deployment('demo-cccccc', ['Requested', 'Preparing'], { version: '4.0.0' });
    const rolledBack = deployment('demo-bbbbbb', ['Requested', 'Monitoring', 'RollingBack', 'RolledBack'], { version: '3.0.0', rolledBackAt: '2026-01-01T12:00:09.000Z' });
    const succeeded = deployment('demo-aaaaaa', ['Requested', 'Succeeded']);
    const view = serviceView({ service: 'demo', routing: null, environments: { blue: null, green: null }, health: { blue: null, green: null }, deployments: [current, rolledBack, succeeded] });
    expect(view.deployment).toMatchObject({ id: 'demo-cccccc', phase: 'Preparing' });
    expect(view.rolledBack).toEqual([{ deploymentId: 'demo-bbbbbb', version: '3.0.0', at: '2026-01-01T12:00:09.000Z' }]);
  });

  it('keys services by name and starts with no recent events', () => {
    const none = { routing: null, environments: { blue: null, green: null }, health: { blue: null, green: null }, deployments: [] };
    const view = initialView([{ service: 'a', ...none }, { service: 'b', ...none }]);
    expect(Object.keys(view.services)).toEqual(['a', 'b']);
    expect(view.events).toEqual([]);
  });
});
