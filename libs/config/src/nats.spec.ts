import { natsClientOptions, NatsPasswordMissingError } from './nats-client';
import { parseConfig } from './parse';
import { MINIMAL_CONFIG, problemLines, SPEC_CONFIG_FILE } from './testing/problems-of';

const FILE = SPEC_CONFIG_FILE;
const BASE = MINIMAL_CONFIG;
const withNats = (block: string) => `${BASE}nats:\n${block}`;
const problemsOf = (text: string) => problemLines(text, FILE);

describe('nats in cutover.yaml', () => {
  it('has neither users nor TLS without nats.auth and nats.tls', () => {
    expect(parseConfig(BASE, FILE).nats).toEqual({ url: null });
  });

  it('turns users on with an empty nats.auth, with the default variables', () => {
    expect(parseConfig(withNats('  auth: {}\n'), FILE).nats.auth).toEqual({ enabled: true, userFromEnv: 'CUTOVER_NATS_USER', passwordFromEnv: 'CUTOVER_NATS_PASSWORD' });
  });

  it('resolves TLS files against the config folder', () => {
    const nats = parseConfig(withNats('  tls: { ca: certs/ca.pem, server: { cert: /etc/nats/s.pem, key: s-key.pem } }\n'), FILE).nats;
    expect(nats.tls).toEqual({ ca: '/srv/cutover/certs/ca.pem', cert: null, key: null, server: { cert: '/etc/nats/s.pem', key: '/srv/cutover/s-key.pem' } });
  });

  it('refuses a password in the file, a bad variable name and a certificate without its key', () => {
    expect(problemsOf(withNats('  auth: { password: s3cret }\n'))).toEqual([expect.stringMatching(/^nats\.auth(\.password)?: /)]);
    expect(problemsOf(withNats('  auth: { passwordFromEnv: "1BAD" }\n'))).toEqual([expect.stringMatching(/^nats\.auth\.passwordFromEnv: is not a valid environment variable name/)]);
    expect(problemsOf(withNats('  tls: { cert: c.pem }\n'))).toEqual(['nats.tls: cert and key go together: a client certificate needs its key']);
  });
});

describe('natsClientOptions', () => {
  const on = parseConfig(withNats('  auth: { passwordFromEnv: SHOP_NATS_PASSWORD }\n  tls: { ca: ca.pem }\n'), FILE).nats;

  it('logs in as the role with the password variable set, as the user variable says when set', () => {
    expect(natsClientOptions(on, 'switcher', { SHOP_NATS_PASSWORD: 'pw' })).toEqual({ user: 'switcher', pass: 'pw', tls: { caFile: '/srv/cutover/ca.pem' } });
    expect(natsClientOptions(on, 'admin', { SHOP_NATS_PASSWORD: 'pw', CUTOVER_NATS_USER: 'ci' })).toMatchObject({ user: 'ci', pass: 'pw' });
  });

  it('refuses to start with nats.auth on and no password, naming the variable', () => {
    expect(() => natsClientOptions(on, 'switcher', {})).toThrow(NatsPasswordMissingError);
    expect(() => natsClientOptions(on, 'switcher', {})).toThrow(/SHOP_NATS_PASSWORD is not set/);
  });

  it('connects anonymously without nats.auth and without the default variable, as before', () => {
    expect(natsClientOptions(null, 'admin', {})).toEqual({});
    expect(natsClientOptions({ url: null }, 'admin', { CUTOVER_NATS_PASSWORD: 'pw' })).toEqual({ user: 'admin', pass: 'pw' });
  });
});
