// NATS security, end to end on real nats-servers: per-role users whose publish rights come
// from natsPermissions(), a denied publish reported as a permissions violation, a full
// release through `cutover up` with users on and the pipeline's ci user, and TLS.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { ErrorCode, Events, type NatsConnection } from 'nats';
import { encode, serialize, subjects } from '@cutover/contracts';
import { startStack, type Stack } from '@cutover/cli';
import { Bus, NatsAuthError, NatsTlsError, natsPasswordVariable, natsServerConfig, type NatsRole } from '@cutover/messaging';
import { freePort, startNatsServer, type NatsServerHandle } from '@cutover/testkit';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
const DEMO_APP = join(ROOT, 'examples', 'demo-app', 'dist', 'main.js');

const PASSWORDS: Partial<Record<NatsRole, string>> = { admin: 'admin-secret', ci: 'ci-secret', 'health-monitor': 'hm-secret' };

/** The first permissions violation the server reports on this connection: what was denied, on which subject. */
async function permissionViolation(nc: NatsConnection): Promise<{ operation: string; subject: string }> {
  for await (const status of nc.status()) {
    if (status.type === Events.Error && status.data === ErrorCode.PermissionsViolation && status.permissionContext) return status.permissionContext;
  }
  throw new Error('connection closed without a permissions violation');
}

const switchCommand = () => serialize(encode('switch', { service: 'demo', toColor: 'green', expectedColor: 'blue', reason: 'test' }, { source: 'test' }));

let certs: string;
const ca = () => join(certs, 'ca.pem');

// A CA and a server certificate for 127.0.0.1 signed by it, as an operator would make them.
beforeAll(() => {
  certs = mkdtempSync(join(tmpdir(), 'cutover-nats-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=cutover test CA', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server-key.pem', '-out', 'server.csr');
  writeFileSync(join(certs, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '1', '-extfile', 'san.ext', '-out', 'server.pem');
});

afterAll(() => {
  if (certs) rmSync(certs, { recursive: true, force: true });
});

describe('`cutover up` with nats.auth and nats.tls on', () => {
  let stack: Stack;
  let dataDir: string;
  let configPath: string;
  const buses: Bus[] = [];
  const as = async (user: string, pass: string) => {
    const bus = await Bus.connect({ url: stack.natsUrl, name: `test-${user}`, user, pass, tls: { caFile: ca() }, connectTimeoutMs: 5000 });
    buses.push(bus);
    return bus;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cutover-nats-security-'));
    const port = async () => freePort();
    configPath = join(dataDir, 'cutover.yaml');
    writeFileSync(
      configPath,
      YAML.stringify({
        version: 1,
        nats: {
          url: `nats://127.0.0.1:${await port()}`,
          auth: {},
          tls: { ca: ca(), server: { cert: join(certs, 'server.pem'), key: join(certs, 'server-key.pem') } },
        },
        runtime: { kind: 'local' },
        ports: { orchestrator: await port(), healthMonitor: await port(), switcher: await port(), rollback: await port(), runtimeAgent: await port() },
        services: {
          demo: {
            command: ['node', DEMO_APP],
            instances: 1,
            router: { host: '127.0.0.1', port: await port() },
            policy: { probe: { path: '/' }, monitorWindowMs: 3000, scaleDownDelayMs: 60_000 },
          },
        },
      }),
    );
    const env = {
      ...process.env,
      CUTOVER_NATS_PASSWORD: PASSWORDS.admin,
      [natsPasswordVariable('ci')]: PASSWORDS.ci,
      [natsPasswordVariable('health-monitor')]: PASSWORDS['health-monitor'],
    };
    stack = await startStack({ configPath, dataDir: join(dataDir, 'data'), env, readyTimeoutMs: 60_000 });
  });

  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the server config with the passwords readable by its owner only', () => {
    expect(statSync(join(stack.dataDir, 'nats-server.conf')).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong password with NatsAuthError, and anyone without a user', async () => {
    const tls = { caFile: ca() };
    await expect(Bus.connect({ url: stack.natsUrl, name: 'intruder', user: 'ci', pass: 'wrong', tls, connectTimeoutMs: 3000 })).rejects.toBeInstanceOf(NatsAuthError);
    await expect(Bus.connect({ url: stack.natsUrl, name: 'anonymous', tls, connectTimeoutMs: 3000 })).rejects.toBeInstanceOf(NatsAuthError);
  });

  it('serves NATS over TLS only', async () => {
    const bus = await as('health-monitor', PASSWORDS['health-monitor']!);
    expect(bus.connection.info?.tls_required).toBe(true);
  });

  it('denies the health monitor a switch command, as a permissions violation, and lets it publish its health', async () => {
    const bus = await as('health-monitor', PASSWORDS['health-monitor']!);
    const violation = permissionViolation(bus.connection);
    bus.connection.publish(subjects.switch(), switchCommand());
    expect(await violation).toEqual({ operation: 'publish', subject: subjects.switch() });
    await bus.publish('notification', ['demo'], { level: 'info', service: 'demo', title: 'allowed', text: 'the health monitor may notify' });
  });

  it('denies ci a switch command, takes its release, and lets it read the verdict', async () => {
    const bus = await as('ci', PASSWORDS.ci!);
    const violation = permissionViolation(bus.connection);
    bus.connection.publish(subjects.switch(), switchCommand());
    expect(await violation).toEqual({ operation: 'publish', subject: subjects.switch() });

    const ci = await cli(['release', 'demo', '1.0.0', '--wait', '--json', '--config', configPath], { CUTOVER_NATS_USER: 'ci', CUTOVER_NATS_PASSWORD: PASSWORDS.ci! });
    expect([ci.code, ci.stderr]).toEqual([0, '']);
    expect(JSON.parse(ci.stdout)).toMatchObject({ phase: 'Succeeded', version: '1.0.0' });
  });

  it('rolls back a failing release with every service on its own user: rollback, diagnostics and scale-down are allowed', async () => {
    const ci = await cli(['release', 'demo', '2.0.0', '--env', 'FAULT_AFTER_MS=1000', '--wait', '--json', '--config', configPath], {
      CUTOVER_NATS_USER: 'ci',
      CUTOVER_NATS_PASSWORD: PASSWORDS.ci!,
    });
    expect(ci.code).toBe(1);
    expect(JSON.parse(ci.stdout)).toMatchObject({ phase: 'RolledBack', version: '2.0.0' });
  });

  it('refuses ci what only the operator may do, and lets the admin do it', async () => {
    const asCi = await cli(['rollback', 'demo', '--config', configPath], { CUTOVER_NATS_USER: 'ci', CUTOVER_NATS_PASSWORD: PASSWORDS.ci! });
    expect([asCi.code, asCi.stderr]).toEqual([3, expect.stringContaining('Permissions Violation for Publish to "cutover.cmd.rollback"')]);
    const asAdmin = await cli(['status', 'demo', '--json', '--config', configPath], { CUTOVER_NATS_PASSWORD: PASSWORDS.admin! });
    expect([asAdmin.code, asAdmin.stderr]).toEqual([0, '']);
  });

  it('denied none of the Cutover processes anything, only what the tests tried', () => {
    const log = readFileSync(join(stack.dataDir, 'logs', 'nats-server.log'), 'utf8');
    const denied = log.split('\n').filter((line) => /Violation/.test(line)).map((line) => /nats\.js:([\w-]+)" - (.*)$/.exec(line)?.slice(1).join(': '));
    expect(denied).toEqual([
      'test-health-monitor: Publish Violation - User "health-monitor", Subject "cutover.cmd.switch"',
      'test-ci: Publish Violation - User "ci", Subject "cutover.cmd.switch"',
      'cli: Publish Violation - User "ci", Subject "cutover.cmd.rollback"',
    ]);
  });
});

describe('NATS over TLS', () => {
  let nats: NatsServerHandle;

  beforeAll(async () => {
    const conf = join(certs, 'nats.conf');
    writeFileSync(conf, natsServerConfig({ passwords: {}, tls: { certFile: join(certs, 'server.pem'), keyFile: join(certs, 'server-key.pem') } }));
    nats = await startNatsServer({ args: ['-c', conf] });
  });

  afterAll(async () => {
    await nats?.stop();
  });

  it('connects with the CA that signed the server certificate, and works', async () => {
    const bus = await Bus.connect({ url: nats.url, name: 'tls-client', tls: { caFile: ca() }, connectTimeoutMs: 5000 });
    try {
      await bus.ensureTopology();
      expect(bus.connection.info?.tls_required).toBe(true);
    } finally {
      await bus.close();
    }
  });

  it('fails at once with NatsTlsError without the CA, naming the reason', async () => {
    const started = Date.now();
    const err = await Bus.connect({ url: nats.url, name: 'tls-client', connectTimeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NatsTlsError);
    expect((err as Error).message).toMatch(/TLS with NATS at nats:\/\/127\.0\.0\.1:\d+ failed: .*(self[- ]signed|unable to (get|verify)|certificate)/i);
    // A certificate does not fix itself: no retrying until the connect deadline.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI with only the NATS variables given (none inherited from this process). */
function cli(args: string[], natsEnv: Record<string, string>): Promise<CliRun> {
  const env = { ...process.env };
  for (const name of ['CUTOVER_NATS_USER', 'CUTOVER_NATS_PASSWORD', 'NATS_URL']) delete env[name];
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, ...natsEnv } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
