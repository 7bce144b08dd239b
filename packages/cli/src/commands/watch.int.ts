// cutover watch against a real nats-server: events published after it starts are printed
// one line each, other services' events are left out, and Ctrl-C ends it with exit 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { Bus } from '@cutover/messaging';
import { startNatsServer, waitFor, type NatsServerHandle } from '@cutover/testkit';
import { deployment, snapshot, SUCCEEDED } from '../testing/fixtures';
import { CLI } from '../testing/run-cli';

describe('cutover watch', () => {
  let nats: NatsServerHandle;
  let bus: Bus;
  let watch: ChildProcess | undefined;

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await Bus.connect({ url: nats.url, name: 'events' });
    await bus.ensureTopology();
  });
  afterEach(() => watch?.kill('SIGKILL'));
  afterAll(async () => {
    await bus?.close();
    await nats?.stop();
  });

  it('prints the events of one service as they happen and stops on SIGINT', async () => {
    watch = spawn(process.execPath, [CLI, 'watch', 'demo', '--snapshots', '--nats', nats.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    watch.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
    watch.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
    const exited = new Promise<number | null>((resolve) => watch!.once('exit', resolve));
    await waitFor(() => err.includes('watching demo'), { what: 'watch to subscribe' });

    const record = deployment('demo-00000000100000001', SUCCEEDED.slice(0, 2));
    await bus.publish('deploymentEvent', ['demo'], { deployment: record, previousPhase: 'Requested' });
    await bus.publish('deploymentEvent', ['other'], { deployment: { ...record, service: 'other' }, previousPhase: 'Requested' });
    await bus.publish('healthTransition', ['demo', 'green'], {
      service: 'demo', color: 'green', version: '2.0.0', from: 'healthy', to: 'degraded', at: record.updatedAt, reason: '3 probes failed', snapshot: snapshot(),
    });
    await bus.publish('switchResult', ['demo'], { commandId: 'c1', service: 'demo', ok: true, fromColor: 'blue', toColor: 'green', durationMs: 4.2 });
    await bus.publish('notification', ['demo'], { service: 'demo', level: 'warning', title: 'approve refused', text: 'not waiting' });
    // Snapshots are plain pub/sub: publish until one arrives, as a probe loop would.
    await waitFor(async () => {
      await bus.publish('healthSnapshot', ['demo', 'blue'], snapshot({ color: 'blue' }));
      return out.includes('snapshot');
    }, { what: 'a snapshot line' });
    const lines = () => out.trimEnd().split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d\.\d{3} /, ''));
    const events = () => lines().filter((l) => !l.startsWith('snapshot'));
    await waitFor(() => events().length >= 4, { what: 'four event lines' });

    // Each kind comes through its own consumer, so only the set is certain, not the order.
    expect(events().sort()).toEqual([
      'deploy   demo 2.0.0 Preparing EnvironmentStarting: Preparing message (demo-00000000100000001)',
      'health   demo green 2.0.0 healthy → degraded: 3 probes failed',
      'notify   demo warning: approve refused: not waiting',
      'switch   demo blue → green ok in 4ms',
    ]);
    expect(lines().some((l) => l.startsWith('snapshot demo blue 2.0.0 healthy, 5 ok / 0 failed in a row'))).toBe(true);
    expect(out).not.toContain('other');

    watch!.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
