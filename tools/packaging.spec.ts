// No container engine runs here, so images and compose are checked statically: every
// service has a multi-stage, non-root Dockerfile whose entry point exists, and compose
// runs each of them against files that exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const root = join(__dirname, '..');
const services = readdirSync(join(root, 'services'));

interface ComposeService {
  build?: { context: string; dockerfile: string };
  image?: string;
  volumes?: string[];
  environment?: Record<string, string>;
  network_mode?: string;
  ports?: string[];
}

const compose = YAML.parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

describe.each(services)('service %s', (service) => {
  const dockerfile = readFileSync(join(root, 'services', service, 'Dockerfile'), 'utf8');
  const instructions = dockerfile.split('\n').filter((l) => /^[A-Z]+\s/.test(l));

  it('has a multi-stage Dockerfile whose last stage runs as a non-root user', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const lastStage = instructions.slice(instructions.lastIndexOf(froms[froms.length - 1]!));
    expect(lastStage.some((l) => /^USER (?!root\b|0\b)\S+/.test(l))).toBe(true);
    expect(lastStage.some((l) => l.startsWith('COPY --from='))).toBe(true);
  });

  it('starts the entry point the build produces', () => {
    const cmd = instructions.find((l) => l.startsWith('CMD '))!;
    const [, main] = /"(services\/[^"]+\/dist\/main\.js)"/.exec(cmd) ?? [];
    expect(main).toBe(`services/${service}/dist/main.js`);
    expect(existsSync(join(root, 'services', service, 'src', 'main.ts'))).toBe(true);
  });

  it('has a healthcheck on its own /healthz port', () => {
    const port = /ENV .*PORT=(\d+)/.exec(dockerfile)?.[1];
    expect(dockerfile).toMatch(new RegExp(`HEALTHCHECK .*127\\.0\\.0\\.1:${port}/healthz`));
  });

  it('is built and run by docker-compose.yml with a config that exists', () => {
    const svc = compose.services[service]!;
    expect(svc.build).toEqual({ context: '.', dockerfile: `services/${service}/Dockerfile` });
    expect(existsSync(join(root, svc.build!.dockerfile))).toBe(true);
    const mount = svc.volumes!.find((v) => v.endsWith(':ro'))!;
    const [host, container] = mount.split(':');
    expect(existsSync(join(root, host!))).toBe(true);
    expect(svc.environment!.CUTOVER_CONFIG).toBe(container);
    expect(svc.network_mode).toBe('service:nats');
  });
});

describe('docker-compose.yml', () => {
  it('runs nats with JetStream and publishes the demo and API ports', () => {
    const nats = compose.services.nats!;
    expect(JSON.stringify(nats)).toMatch(/"-js"/);
    expect(nats.ports).toEqual(expect.arrayContaining(['4222:4222', '8080:8080']));
  });

  it('has no service that is not in services/', () => {
    const names = Object.keys(compose.services).filter((s) => s !== 'nats').sort();
    expect(names).toEqual([...services].sort());
  });
});
