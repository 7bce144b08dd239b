import { DEFAULT_POLICY } from '@cutover/core';
import { parseConfig } from './parse';
import { problemsOf as problemsOfIn } from './testing/problems-of';

const FILE = '/srv/cutover/deploy/cutover.yaml';

const minimal = `
version: 1
services:
  demo:
    command: node examples/demo-app/dist/main.js
    router: { port: 8080 }
`;

const problemsOf = (text: string) => problemsOfIn(text, FILE);

describe('parseConfig: values and defaults', () => {
  it('fills every default around a minimal file', () => {
    expect(parseConfig(minimal, FILE)).toEqual({
      configPath: FILE,
      environment: null,
      nats: { url: null },
      runtime: { kind: 'local' },
      ports: { orchestrator: 7070, healthMonitor: 7071, switcher: 7072, rollback: 7073, runtimeAgent: 7074 },
      notifications: { receivers: [], retry: { attempts: 5, initialDelayMs: 500, maxDelayMs: 8000, timeoutMs: 5000 } },
      api: { tokens: [] },
      services: {
        demo: {
          name: 'demo',
          command: ['node', 'examples/demo-app/dist/main.js'],
          cwd: '/srv/cutover/deploy',
          instances: 1,
          env: {},
          image: null,
          readinessPath: '/healthz',
          stopGracePeriodMs: 5000,
          router: { host: '127.0.0.1', port: 8080 },
          kubernetes: { replicas: 1, containerPort: 8080, resources: { requests: {}, limits: {} }, quota: { pods: '2' }, podLabelsFromEnv: {} },
          policy: DEFAULT_POLICY,
        },
      },
    });
  });

  it('resolves the config path, and cwd against the config file\'s folder', () => {
    const config = parseConfig(`${minimal}    cwd: ../app\n`, 'deploy/cutover.yaml');
    expect(config.configPath).toBe(`${process.cwd()}/deploy/cutover.yaml`);
    expect(config.services.demo!.cwd).toBe(`${process.cwd()}/app`);
    expect(parseConfig(`${minimal}    cwd: /opt/demo\n`, FILE).services.demo!.cwd).toBe('/opt/demo');
  });

  it('takes every field when given', () => {
    const config = parseConfig(
      `
version: 1
nats: { url: nats://10.0.0.5:4222 }
runtime: { kind: local }
ports: { orchestrator: 9070, runtimeAgent: 9074 }
services:
  demo:
    command: [node, "dist/main.js", --flag with space]
    instances: 3
    env: { FAULT: none, PORT_HINT: 8080, DEBUG: true }
    readinessPath: /ready
    stopGracePeriodMs: 250
    router: { host: 0.0.0.0, port: 8080 }
`,
      FILE,
    );
    expect(config.nats.url).toBe('nats://10.0.0.5:4222');
    expect(config.ports).toEqual({ orchestrator: 9070, healthMonitor: 7071, switcher: 7072, rollback: 7073, runtimeAgent: 9074 });
    expect(config.services.demo).toMatchObject({
      command: ['node', 'dist/main.js', '--flag with space'],
      instances: 3,
      env: { FAULT: 'none', PORT_HINT: '8080', DEBUG: 'true' },
      readinessPath: '/ready',
      stopGracePeriodMs: 250,
      router: { host: '0.0.0.0', port: 8080 },
    });
  });

  it('layers policy: built-in defaults, then defaults.policy, then the service\'s policy', () => {
    const config = parseConfig(
      `
version: 1
defaults:
  policy:
    monitorWindowMs: 10000
    probe: { intervalMs: 100, failureThreshold: 5 }
    approval: { required: true, timeoutMs: 60000 }
services:
  plain:
    command: node a.js
    router: { port: 8080 }
  strict:
    command: node b.js
    router: { port: 8081 }
    policy:
      probe: { failureThreshold: 2 }
      approval: { timeoutMs: null }
`,
      FILE,
    );
    const plain = config.services.plain!.policy;
    const strict = config.services.strict!.policy;
    expect(plain.monitorWindowMs).toBe(10000);
    expect(plain.probe).toEqual({ ...DEFAULT_POLICY.probe, intervalMs: 100, failureThreshold: 5 });
    expect(plain.approval).toEqual({ required: true, timeoutMs: 60000 });
    expect(strict.monitorWindowMs).toBe(10000);
    expect(strict.probe).toEqual({ ...DEFAULT_POLICY.probe, intervalMs: 100, failureThreshold: 2 });
    expect(strict.approval).toEqual({ required: true, timeoutMs: null });
    expect(strict.verify).toEqual(DEFAULT_POLICY.verify);
  });

  it('takes every probe kind and threshold, keeping the defaults of what is not given', () => {
    const config = parseConfig(
      `${minimal}    policy:
      probe: { kind: tcp, maxLatencyMs: 50 }
      traffic: { maxP99Ms: 800, warnErrorRate: 0.01 }
      health: { minSuccessRate: 0.8, warnLatencyMs: 300 }
      prometheus:
        url: http://127.0.0.1:9090
        checks:
          - { name: request-success-rate, query: 'sum(rate(x{code!~"5.."}[1m])) / sum(rate(x[1m]))', min: 0.99 }
`,
      FILE,
    );
    const { policy } = config.services.demo!;
    expect(policy.probe).toEqual({ ...DEFAULT_POLICY.probe, kind: 'tcp', maxLatencyMs: 50 });
    expect(policy.traffic).toEqual({ ...DEFAULT_POLICY.traffic, maxP99Ms: 800, warnErrorRate: 0.01 });
    expect(policy.health).toEqual({ ...DEFAULT_POLICY.health, minSuccessRate: 0.8, warnLatencyMs: 300 });
    expect(policy.prometheus).toEqual({
      ...DEFAULT_POLICY.prometheus,
      url: 'http://127.0.0.1:9090',
      checks: [{ name: 'request-success-rate', query: 'sum(rate(x{code!~"5.."}[1m])) / sum(rate(x[1m]))', min: 0.99 }],
    });
    expect(problemsOf(`${minimal}    policy: { probe: { kind: grpc } }\n`)[0]!.path).toBe('services.demo.policy.probe.kind');
  });

  it('lets services share settings through YAML anchors and merge keys', () => {
    const config = parseConfig(
      `
version: 1
services:
  a: &common
    command: node app.js
    instances: 2
    router: { port: 8080 }
  b:
    <<: *common
    router: { port: 8081 }
    instances: 4
`,
      FILE,
    );
    expect(config.services.b).toMatchObject({ command: ['node', 'app.js'], instances: 4, router: { port: 8081 } });
    expect(config.services.a).toMatchObject({ instances: 2, router: { port: 8080 } });
  });
});

describe('parseConfig: problems', () => {
  it('names a bad policy value with its path and line', () => {
    const text = `${minimal}    policy:\n      probe:\n        intervalMs: 10\n`;
    expect(problemsOf(text)).toEqual([{ path: 'services.demo.policy.probe.intervalMs', message: 'must be >= 50', line: 9, column: 9 }]);
  });

  it('names an unknown field, wherever it is, at its own line', () => {
    const text = `
version: 1
defaults:
  policy: { probe: { intervalMS: 100 } }
services:
  demo:
    command: node a.js
    routr: { port: 8080 }
    router: { port: 8080 }
`;
    expect(problemsOf(text)).toEqual([
      { path: 'defaults.policy.probe.intervalMS', message: 'is not a known field', line: 4, column: 22 },
      { path: 'services.demo.routr', message: 'is not a known field', line: 8, column: 5 },
    ]);
  });

  it('names a missing field at the object that lacks it', () => {
    const text = `version: 1\nservices:\n  demo:\n    command: node a.js\n    router: { host: localhost }\n`;
    expect(problemsOf(text)).toEqual([{ path: 'services.demo.router.port', message: 'is required', line: 5, column: 5 }]);
  });

  it('says a union once: command must be a string or a list', () => {
    const text = `version: 1\nservices:\n  demo:\n    command: 5\n    router: { port: 8080 }\n`;
    expect(problemsOf(text)).toEqual([{ path: 'services.demo.command', message: 'must be string or array', line: 4, column: 5 }]);
  });

  it('reports every problem at once, with wrong types, ranges and patterns', () => {
    const text = `
version: 1
ports: { switcher: 70000 }
services:
  demo:
    command: [node, 7]
    instances: 0
    readinessPath: healthz
    router: { port: "8080" }
    policy: { approval: { timeoutMs: 5 }, traffic: { maxErrorRate: 2 } }
`;
    const paths = problemsOf(text).map((p) => `${p.path}: ${p.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'ports.switcher: must be <= 65535',
        'services.demo.command.1: must be string',
        'services.demo.instances: must be >= 1',
        'services.demo.readinessPath: must match pattern "^/"',
        'services.demo.router.port: must be integer',
        'services.demo.policy.approval.timeoutMs: must be >= 1000 or null',
        'services.demo.policy.traffic.maxErrorRate: must be <= 1',
      ]),
    );
    expect(paths).toHaveLength(7);
  });

  it('names a YAML syntax error with line and column', () => {
    const problems = problemsOf('version: 1\nservices:\n  demo:\n    command: [node, a.js\n    router: { port: 8080 }\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ path: '', line: expect.any(Number), column: expect.any(Number) });
    expect(problems[0]!.message).toMatch(/^YAML syntax: /);
  });

  it('reports a duplicated key as a YAML error on its line', () => {
    const problems = problemsOf(`version: 1\nservices:\n  demo:\n    command: a\n    command: b\n    router: { port: 8080 }\n`);
    expect(problems).toEqual([{ path: '', message: 'YAML syntax: Map keys must be unique', line: 5, column: 5 }]);
  });

  it('refuses two services on one router port, and a router port used by Cutover itself', () => {
    const text = `
version: 1
ports: { rollback: 8090 }
services:
  a: { command: node a.js, router: { port: 8080 } }
  b: { command: node b.js, router: { port: 8080 } }
  c: { command: node c.js, router: { port: 8090 } }
  d: { command: node d.js, router: { port: 7071 } }
`;
    expect(problemsOf(text)).toEqual([
      { path: 'services.b.router.port', message: 'port 8080 is already used by services.a.router.port', line: 6, column: 38 },
      { path: 'services.c.router.port', message: 'port 8090 is already used by ports.rollback', line: 7, column: 38 },
      { path: 'services.d.router.port', message: 'port 7071 is already used by ports.healthMonitor', line: 8, column: 38 },
    ]);
  });

  it('refuses two of Cutover\'s own processes on one port', () => {
    expect(problemsOf(`${minimal}ports: { switcher: 7070 }\n`)).toEqual([
      { path: 'ports.switcher', message: 'port 7070 is already used by ports.orchestrator', line: 7, column: 10 },
    ]);
  });

  it('refuses invalid service and environment variable names', () => {
    const text = `version: 1\nservices:\n  Demo_App:\n    command: node a.js\n    env: { 1BAD: x, GOOD: y }\n    router: { port: 8080 }\n`;
    expect(problemsOf(text)).toEqual([
      { path: 'services.Demo_App', message: expect.stringContaining('is not a valid service name'), line: 3, column: 3 },
      { path: 'services.Demo_App.env.1BAD', message: expect.stringContaining('is not a valid environment variable name'), line: 5, column: 12 },
    ]);
  });

  it('refuses a command that cannot be split, or is empty', () => {
    expect(problemsOf(`version: 1\nservices:\n  demo:\n    command: node -e 'x\n    router: { port: 8080 }\n`)).toEqual([
      { path: 'services.demo.command', message: expect.stringContaining('the single quote is never closed'), line: 4, column: 5 },
    ]);
    expect(problemsOf(`version: 1\nservices:\n  demo:\n    command: "  "\n    router: { port: 8080 }\n`)[0]).toMatchObject({
      path: 'services.demo.command',
      message: 'has no words',
    });
    expect(problemsOf(`version: 1\nservices:\n  demo:\n    command: [""]\n    router: { port: 8080 }\n`)[0]).toMatchObject({
      path: 'services.demo.command.0',
    });
  });

  it('refuses a body regex that does not compile, a metric check without a range and checks without a Prometheus URL', () => {
    const text = `${minimal}    policy:
      probe: { body: { regex: "ok(" } }
      prometheus: { url: null, checks: [{ name: rate, query: "up" }] }
`;
    expect(problemsOf(text).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'services.demo.policy.probe.body.regex: is not a valid regular expression: Invalid regular expression: /ok(/: Unterminated group',
      'services.demo.policy.prometheus.checks.0: needs min, max or both: a check without a range always passes',
      'services.demo.policy.prometheus.url: is null, so the checks listed here would never run; give the Prometheus URL',
    ]);
  });

  it('refuses a policy under which verification could never pass', () => {
    const text = `${minimal}    policy: { verify: { successesRequired: 10, timeoutMs: 1000 } }\n`;
    expect(problemsOf(text)).toEqual([
      {
        path: 'services.demo.policy.verify.timeoutMs',
        message: 'gives demo 1000 ms to see 10 probes 200 ms apart, so verification could never pass; use at least 2000',
        line: 7,
        column: 48,
      },
    ]);
  });

  it('points at defaults.policy when that is where the too-short deadline comes from', () => {
    const text = `version: 1\ndefaults:\n  policy: { verify: { timeoutMs: 500 } }\nservices:\n  demo:\n    command: node a.js\n    router: { port: 8080 }\n    policy: { probe: { intervalMs: 250 } }\n`;
    expect(problemsOf(text)).toEqual([
      { path: 'defaults.policy.verify.timeoutMs', message: expect.stringContaining('gives demo 500 ms to see 3 probes 250 ms apart'), line: 3, column: 23 },
    ]);
  });

  it('refuses another format version or runtime, an empty file, and a file without services', () => {
    expect(problemsOf(minimal.replace('version: 1', 'version: 2'))[0]).toMatchObject({ path: 'version', message: expect.stringContaining('must be 1'), line: 2 });
    expect(problemsOf(`${minimal}runtime: { kind: nomad }\n`)[0]).toMatchObject({ path: 'runtime.kind', message: 'must be local or kubernetes, not "nomad"' });
    expect(problemsOf('# nothing here\n')).toEqual([{ path: '', message: expect.stringContaining('the file is empty') }]);
    expect(problemsOf('version: 1\nservices: {}\n')).toEqual([{ path: 'services', message: 'must name at least one service', line: 2, column: 1 }]);
    expect(problemsOf('version: 1\n')).toEqual([{ path: 'services', message: 'is required', line: 1, column: 1 }]);
    expect(problemsOf('- a\n- b\n')).toEqual([{ path: '', message: 'must be object', line: 1, column: 1 }]);
  });

  it('puts the file and every problem in the error message', () => {
    const text = `version: 1\nservices:\n  demo:\n    command: node a.js\n    instances: 0\n    router: { port: 0 }\n`;
    expect(() => parseConfig(text, FILE)).toThrow(
      `invalid configuration ${FILE}:\n  line 5:5: services.demo.instances: must be >= 1\n  line 6:15: services.demo.router.port: must be >= 1`,
    );
  });
});
