// What one process presents to NATS: its user and password, read from the environment at
// start (`cutover up` and the Kubernetes manifests give each process its own), and the TLS
// files of the config.
import { CutoverError } from '@cutover/contracts';
import { NATS_AUTH_DEFAULTS, type NatsConfig } from './nats';

export interface NatsClientOptions {
  user?: string;
  pass?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/** nats.auth is on, but the variable that should hold this process's password is not set. */
export class NatsPasswordMissingError extends CutoverError {
  constructor(readonly variable: string) {
    super('nats_password_missing', `nats.auth is on but ${variable} is not set: give this process its NATS password in ${variable}`);
  }
}

/**
 * The password variable set: log in as the user variable's value, else as `role`. Not set:
 * no user, unless nats.auth is on, which makes it an error before anything connects.
 */
export function natsClientOptions(nats: NatsConfig | null, role: string, env: NodeJS.ProcessEnv): NatsClientOptions {
  const auth = nats?.auth ?? { enabled: false, ...NATS_AUTH_DEFAULTS };
  const options: NatsClientOptions = {};
  const pass = env[auth.passwordFromEnv];
  if (pass) {
    options.user = env[auth.userFromEnv] || role;
    options.pass = pass;
  } else if (auth.enabled) {
    throw new NatsPasswordMissingError(auth.passwordFromEnv);
  }
  const tls = nats?.tls;
  if (tls) {
    options.tls = {};
    if (tls.ca) options.tls.caFile = tls.ca;
    if (tls.cert) options.tls.certFile = tls.cert;
    if (tls.key) options.tls.keyFile = tls.key;
  }
  return options;
}
