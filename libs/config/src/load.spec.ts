import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ConfigReadError } from './errors';
import { loadConfig } from './load';

describe('loadConfig', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'cutover-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file and resolves paths against its folder', () => {
    const file = join(dir, 'cutover.yaml');
    writeFileSync(file, 'version: 1\nservices:\n  demo:\n    command: node main.js\n    cwd: app\n    router: { port: 8080 }\n');
    const config = loadConfig(file);
    expect(config.configPath).toBe(file);
    expect(config.services.demo!.cwd).toBe(join(dir, 'app'));
  });

  it('names the file it cannot read', () => {
    const missing = join(dir, 'nope.yaml');
    expect(() => loadConfig(missing)).toThrow(ConfigReadError);
    expect(() => loadConfig(missing)).toThrow(`cannot read configuration ${missing}: ENOENT`);
  });

  it('names the file whose content is wrong', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nservices:\n  demo: { command: x }\n');
    expect(() => loadConfig(file)).toThrow(ConfigError);
    expect(() => loadConfig(file)).toThrow(`invalid configuration ${file}:\n  line 3:3: services.demo.router: is required`);
  });

  describe('with runtime overrides (--runtime, --kubeconfig)', () => {
    const kubeFile = () => {
      const file = join(dir, 'kube.yaml');
      writeFileSync(file, 'version: 1\nruntime: { mode: namespace }\nservices:\n  shop:\n    image: shop:1\n    router: { port: 8080 }\n');
      return file;
    };

    it('win over the file: a config without a runtime kind runs on Kubernetes with the given kubeconfig', () => {
      const config = loadConfig(kubeFile(), { runtime: { kind: 'kubernetes', kubeconfig: '/etc/kube/config' } });
      expect(config.runtime).toMatchObject({ kind: 'kubernetes', kubeconfig: '/etc/kube/config', mode: 'namespace' });
    });

    it('are checked like the file: a bad kind is named, and namespace mode without kubernetes is refused', () => {
      expect(() => loadConfig(kubeFile(), { runtime: { kind: 'nomad' } })).toThrow('runtime.kind: must be local or kubernetes, not "nomad"');
      expect(() => loadConfig(kubeFile(), {})).toThrow('runtime.mode: only applies when runtime.kind is kubernetes');
    });
  });
});
