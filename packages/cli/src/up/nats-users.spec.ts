import { parseConfig } from '@cutover/config';
import { StartupError } from '../errors';
import { natsUsers } from './nats-users';

const config = (nats: string) =>
  parseConfig(`version: 1\nnats: ${nats}\nservices:\n  shop: { command: node shop.js, router: { port: 8080 } }\n`, '/srv/cutover.yaml');

describe('natsUsers', () => {
  it('is null without nats.auth: `up` starts an open NATS, as before', () => {
    expect(natsUsers(config('{}'), {}, true)).toBeNull();
    expect(natsUsers(config('{ auth: { enabled: false } }'), {}, true)).toBeNull();
  });

  it('gives every service its own random password, admin the CLI variable\'s and ci its own when set', () => {
    const users = natsUsers(config('{ auth: {} }'), { CUTOVER_NATS_PASSWORD: 'admin-pw', CUTOVER_NATS_PASSWORD_CI: 'ci-pw' }, true)!;
    const values = Object.fromEntries(Object.entries(users.passwords).map(([role, p]) => [role, 'value' in p ? p.value : null]));
    expect(Object.keys(values).sort()).toEqual(['admin', 'ci', 'health-monitor', 'orchestrator', 'rollback', 'runtime-agent', 'switcher']);
    expect([values.admin, values.ci]).toEqual(['admin-pw', 'ci-pw']);
    expect(values.orchestrator).toMatch(/^[\w-]{32}$/);
    expect(values.orchestrator).not.toBe(values.switcher);
    expect(users.serviceEnv('switcher')).toEqual({ CUTOVER_NATS_USER: 'switcher', CUTOVER_NATS_PASSWORD: values.switcher });
  });

  it('uses a service password given in the environment, and the config\'s variable names', () => {
    const users = natsUsers(config('{ auth: { userFromEnv: U, passwordFromEnv: P } }'), { P: 'admin-pw', CUTOVER_NATS_PASSWORD_RUNTIME_AGENT: 'ra-pw' }, true)!;
    expect(users.serviceEnv('runtime-agent')).toEqual({ U: 'runtime-agent', P: 'ra-pw' });
    expect(users.passwords.ci).toBeUndefined();
  });

  it('needs the admin password to start NATS, and every service password to use a given one', () => {
    expect(() => natsUsers(config('{ auth: {} }'), {}, true)).toThrow(new StartupError('nats.auth is on: set CUTOVER_NATS_PASSWORD to the password of the admin user, which the CLI logs in with'));
    expect(() => natsUsers(config('{ auth: {} }'), {}, false)).toThrow(/set CUTOVER_NATS_PASSWORD_ORCHESTRATOR/);
  });
});
