import { readProcessInputs } from './args';

describe('readProcessInputs', () => {
  it('takes flags over environment, and resolves paths against the working folder', () => {
    const inputs = readProcessInputs(['--config', 'c.yaml', '--runtime', 'kubernetes', '--kubeconfig=kube/config'], {
      CUTOVER_RUNTIME: 'local',
      CUTOVER_KUBECONFIG: '/ignored',
      NATS_URL: 'nats://n:4222',
    });
    expect(inputs).toEqual({
      configPath: `${process.cwd()}/c.yaml`,
      natsUrl: 'nats://n:4222',
      httpPort: null,
      httpHost: '127.0.0.1',
      runtime: { kind: 'kubernetes', kubeconfig: `${process.cwd()}/kube/config` },
    });
  });

  it('falls back to CUTOVER_RUNTIME and CUTOVER_KUBECONFIG, and overrides nothing without them', () => {
    expect(readProcessInputs([], { CUTOVER_CONFIG: '/c.yaml', CUTOVER_RUNTIME: 'kubernetes', CUTOVER_KUBECONFIG: '/k' }).runtime).toEqual({ kind: 'kubernetes', kubeconfig: '/k' });
    expect(readProcessInputs(['--config', '/c.yaml'], {}).runtime).toEqual({ kind: undefined, kubeconfig: undefined });
  });

  it('refuses a port that is no port, naming where it came from', () => {
    expect(() => readProcessInputs(['--config', '/c.yaml'], { PORT: 'abc' })).toThrow('invalid port "abc" (--port or PORT): use a number from 1 to 65535');
    expect(() => readProcessInputs(['--config', '/c.yaml', '--port', '70000'], {})).toThrow('invalid port "70000"');
    expect(readProcessInputs(['--config', '/c.yaml', '--port', '7070'], {}).httpPort).toBe(7070);
  });

  it('refuses to start without a configuration', () => {
    expect(() => readProcessInputs([], {})).toThrow('no configuration: pass --config FILE or set CUTOVER_CONFIG');
  });
});
