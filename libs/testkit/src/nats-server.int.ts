import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { startNatsServer, waitFor, type NatsServerHandle } from './index';

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('startNatsServer', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection | undefined;

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterEach(async () => {
    await nc?.close();
    nc = undefined;
  });
  afterAll(() => server.stop());

  it('serves JetStream on a loopback port and keeps port and store across restart and kill', async () => {
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    nc = await connect({ servers: server.url });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] });
    await nc.jetstream().publish('keep.one', new TextEncoder().encode('1'));
    await nc.close();

    await server.restart();
    nc = await connect({ servers: server.url });
    expect((await (await nc.jetstreamManager()).streams.info('KEEP')).state.messages).toBe(1);
    await nc.close();

    server.kill();
    await server.restart();
    nc = await connect({ servers: server.url });
    expect((await (await nc.jetstreamManager()).streams.info('KEEP')).state.messages).toBe(1);
  });

  it('fails with the server output when nats-server refuses its arguments', async () => {
    await expect(startNatsServer({ args: ['--no-such-flag'] })).rejects.toThrow(/nats-server did not start/);
  });

  it('takes the server down when the owning process dies without cleanup', async () => {
    const owner = spawn(process.execPath, [join(__dirname, 'fixtures', 'owner.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      let out = '';
      owner.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if (out.includes('\n')) resolve(JSON.parse(out) as { port: number });
      });
      owner.once('exit', (code) => reject(new Error(`owner exited with ${code}`)));
    });
    expect(await listening(port)).toBe(true);
    owner.kill('SIGKILL');
    await waitFor(async () => !(await listening(port)), { timeoutMs: 10_000, what: 'nats-server to die with its owner' });
  });
});
