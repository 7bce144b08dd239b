import { parseConfig } from './parse';
import { problemsOf as problemsOfIn } from './testing/problems-of';

const FILE = '/srv/cutover/cutover.yaml';
const problemsOf = (text: string) => problemsOfIn(text, FILE);

const file = (environments: string) => `
version: 1
nats: { url: "nats://127.0.0.1:4222" }
defaults:
  policy: { monitorWindowMs: 10000 }
notifications:
  receivers: [{ name: ops, kind: slack, url: "https://hooks.example/x" }]
services:
  shop:
    command: node shop.js
    instances: 2
    env: { MODE: base, COLOR_SCHEME: dark }
    router: { port: 8080 }
environments:
${environments}`;

const twoEnvironments = file(`  staging:
    nats: { url: "nats://127.0.0.1:4300" }
    ports: { orchestrator: 7170, healthMonitor: 7171, switcher: 7172, rollback: 7173, runtimeAgent: 7174 }
    services:
      shop: { router: { port: 9080 }, env: { MODE: staging } }
  production:
    defaults:
      policy: { approval: { required: true, timeoutMs: 600000 } }
    notifications:
      receivers: [{ name: oncall, kind: teams, url: "https://teams.example/y", levels: [critical] }]
    services:
      shop: { instances: 4 }
`);

describe('environments in cutover.yaml', () => {
  it('without --environment, the file is used as it is', () => {
    const config = parseConfig(twoEnvironments, FILE);
    expect(config.environment).toBeNull();
    expect(config.services.shop).toMatchObject({ instances: 2, env: { MODE: 'base', COLOR_SCHEME: 'dark' }, router: { port: 8080 } });
  });

  it('merges an environment over the file: objects field by field, lists replaced', () => {
    const staging = parseConfig(twoEnvironments, FILE, { environment: 'staging' });
    expect(staging.environment).toBe('staging');
    expect(staging.nats.url).toBe('nats://127.0.0.1:4300');
    expect(staging.ports.orchestrator).toBe(7170);
    expect(staging.services.shop).toMatchObject({ instances: 2, env: { MODE: 'staging', COLOR_SCHEME: 'dark' }, router: { port: 9080 } });
    expect(staging.services.shop!.policy.monitorWindowMs).toBe(10000);

    const production = parseConfig(twoEnvironments, FILE, { environment: 'production' });
    expect(production.services.shop!.instances).toBe(4);
    expect(production.services.shop!.policy.approval).toEqual({ required: true, timeoutMs: 600000 });
    expect(production.services.shop!.policy.monitorWindowMs).toBe(10000);
    expect(production.notifications.receivers.map((r) => r.name)).toEqual(['oncall']);
  });

  it('refuses an environment the file does not define, naming those it does', () => {
    expect(() => parseConfig(twoEnvironments, FILE, { environment: 'qa' })).toThrow('environments: has no environment "qa" (have: staging, production)');
  });

  it('refuses a bad override with the path of the bad field, in whichever environment it is', () => {
    const bad = file(`  staging:
    services:
      shop: { policy: { monitorWindowMs: "long" }, bogus: 1 }
      cart: { instances: 2 }
  production:
    ports: { orchestrator: 8080 }
`);
    const shape = problemsOf(bad).map((p) => p.path);
    expect(shape).toEqual(expect.arrayContaining(['environments.staging.services.shop.policy.monitorWindowMs', 'environments.staging.services.shop.bogus']));
    const semantic = problemsOf(file(`  staging:
    services:
      cart: { instances: 2 }
  production:
    ports: { orchestrator: 8080 }
`)).map((p) => `${p.path} (line ${p.line}): ${p.message}`);
    expect(semantic).toEqual([
      'environments.staging.services.cart (line 17): names no service of this file (have: shop)',
      'services.shop.router.port (line 13): port 8080 is already used by ports.orchestrator (in environment production)',
    ]);
  });
});
