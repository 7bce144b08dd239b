// The NATS users of a `cutover up` with nats.auth on: one per service, each handed to its
// process in the environment, plus the operator's admin user and, optionally, ci. A password
// given in CUTOVER_NATS_PASSWORD_<ROLE> is used as it is (required for a NATS `up` did not
// start, which already has its users); a service without one gets a random password that
// lives only as long as this `up`.
import { randomBytes } from 'node:crypto';
import type { CutoverConfig } from '@cutover/config';
import { SERVICE_ROLES, natsPasswordVariable, type NatsRole, type NatsServerPassword, type ServiceRole } from '@cutover/messaging';
import { StartupError } from '../errors';

export interface NatsUsers {
  /** For the nats-server config `up` writes. */
  passwords: Partial<Record<NatsRole, NatsServerPassword>>;
  /** The variables that make a service log in as itself. */
  serviceEnv(role: ServiceRole): Record<string, string>;
}

/** null: nats.auth is off, and processes connect as the environment says. */
export function natsUsers(config: CutoverConfig, env: NodeJS.ProcessEnv, startsServer: boolean): NatsUsers | null {
  const auth = config.nats.auth;
  if (!auth?.enabled) return null;
  const given = (role: NatsRole) => env[natsPasswordVariable(role)] || undefined;
  const services = {} as Record<ServiceRole, string>;
  for (const role of SERVICE_ROLES) {
    const password = given(role);
    if (!password && !startsServer) {
      throw new StartupError(`nats.auth is on and NATS is given: set ${natsPasswordVariable(role)} to the password of its user ${role}`);
    }
    services[role] = password ?? randomBytes(24).toString('base64url');
  }
  const admin = env[auth.passwordFromEnv];
  if (startsServer && !admin) {
    throw new StartupError(`nats.auth is on: set ${auth.passwordFromEnv} to the password of the admin user, which the CLI logs in with`);
  }
  const passwords: Partial<Record<NatsRole, NatsServerPassword>> = {};
  for (const [role, value] of Object.entries({ ...services, admin, ci: given('ci') })) if (value) passwords[role as NatsRole] = { value };
  return {
    passwords,
    serviceEnv: (role) => ({ [auth.userFromEnv]: role, [auth.passwordFromEnv]: services[role] }),
  };
}
