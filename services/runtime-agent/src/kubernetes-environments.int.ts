// The built agent in Kubernetes mode, against a real control plane (deploy/testenv) and a real
// nats-server: what it finds in the environments bucket on start is checked against the cluster.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { environmentKey, type EnvironmentState } from '@cutover/contracts';
import { environmentsKv, readEnvironment, type EnvironmentsKv } from '@cutover/runtime';
import { freePort, startMessaging, startTestCluster, waitFor, type MessagingFixture, type TestCluster } from '@cutover/testkit';

const ROOT = join(__dirname, '..', '..', '..');
const AGENT = join(ROOT, 'services', 'runtime-agent', 'dist', 'main.js');

describe('runtime-agent, Kubernetes mode', () => {
  let cluster: TestCluster;
  let messaging: MessagingFixture;
  let kv: EnvironmentsKv;
  let dir: string;
  let agent: { child: ChildProcess; exited: Promise<unknown[]> } | null = null;

  beforeAll(async () => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'services/runtime-agent'], { cwd: ROOT });
    [cluster, messaging] = await Promise.all([startTestCluster(1), startMessaging()]);
    kv = environmentsKv(await messaging.connect('runtime-agent-test'));
    dir = mkdtempSync(join(tmpdir(), 'cutover-agent-k8s-'));
  }, 1_800_000);

  afterAll(async () => {
    if (agent && agent.child.exitCode === null) agent.child.kill('SIGTERM');
    await agent?.exited;
    await messaging?.stop();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('corrects a recorded state whose Deployment is not in the cluster to stopped, NotInCluster', async () => {
    const configPath = join(dir, 'cutover.yaml');
    const runtime = { kind: 'kubernetes', kubeconfig: cluster.kubeconfig, mode: 'label', namespacePrefix: 'agent-' };
    writeFileSync(configPath, YAML.stringify({ version: 1, runtime, services: { shop: { image: 'registry.example/shop:1', router: { port: await freePort() } } } }));
    const stale: EnvironmentState = {
      service: 'shop',
      color: 'blue',
      version: '1.0.0',
      specHash: 'abc',
      status: 'ready',
      reason: 'Ready',
      message: '2 pod(s) of 1.0.0 ready',
      endpoints: [{ host: '10.244.0.7', port: 8080 }],
      exits: [],
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    await kv.put(environmentKey('shop', 'blue'), stale);

    const child = spawn(process.execPath, [AGENT, '--config', configPath], {
      env: { ...process.env, PORT: String(await freePort()), NATS_URL: messaging.server.url },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    agent = { child, exited: once(child, 'exit') };
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));

    let blue: EnvironmentState | null = null;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`agent exited: ${stderr}`);
        return (blue = await readEnvironment(kv, 'shop', 'blue'))?.status === 'stopped';
      },
      { timeoutMs: 30_000, what: 'shop.blue in KV to be stopped' },
    );
    expect(blue).toMatchObject({
      status: 'stopped',
      reason: 'NotInCluster',
      version: '1.0.0',
      endpoints: [],
      message: 'Deployment agent-shop/shop-blue was not found in the cluster; the recorded state said ready (version 1.0.0)',
    });
  });
});
