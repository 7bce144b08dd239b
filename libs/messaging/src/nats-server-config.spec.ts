import { natsServerConfig } from './nats-server-config';

describe('natsServerConfig', () => {
  it('writes one user per role given, a literal password quoted and a variable one as a reference', () => {
    const text = natsServerConfig({ passwords: { switcher: { value: 'p"w' }, ci: { fromEnv: 'CI_PASSWORD' } }, header: 'generated' });
    expect(text.startsWith('# generated\n')).toBe(true);
    expect(text).toContain('user: "switcher"\n      password: "p\\"w"');
    expect(text).toContain('user: "ci"\n      password: $CI_PASSWORD\n');
    expect(text).not.toContain('"orchestrator"');
    expect(text).not.toContain('tls {');
  });

  it('adds TLS, and client verification only with a CA', () => {
    expect(natsServerConfig({ passwords: {}, tls: { certFile: '/c.pem', keyFile: '/k.pem' } })).toContain('tls {\n  cert_file: "/c.pem"\n  key_file: "/k.pem"\n}');
    expect(natsServerConfig({ passwords: {}, tls: { certFile: '/c.pem', keyFile: '/k.pem', caFile: '/ca.pem' } })).toContain('ca_file: "/ca.pem"\n  verify: true');
  });
});
