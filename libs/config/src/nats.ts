// How Cutover's processes reach NATS: the URL, who they log in as, and TLS. The file names
// environment variables and certificate files, never a password, so it can be committed.
import { resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { ENV_NAME, ENV_NAME_RULE } from './env-names';
import type { RawProblem } from './semantic';

const closed = { additionalProperties: false } as const;
const File = Type.String({ minLength: 1, maxLength: 4096 });
const EnvName = Type.String({ minLength: 1, maxLength: 256 });

export const NatsSchema = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1 })),
    auth: Type.Optional(
      Type.Object(
        {
          /** Default true: the object being there turns NATS users on. */
          enabled: Type.Optional(Type.Boolean()),
          userFromEnv: Type.Optional(EnvName),
          passwordFromEnv: Type.Optional(EnvName),
        },
        closed,
      ),
    ),
    tls: Type.Optional(
      Type.Object(
        {
          ca: Type.Optional(File),
          cert: Type.Optional(File),
          key: Type.Optional(File),
          /** The certificate of the nats-server `cutover up` starts. */
          server: Type.Optional(Type.Object({ cert: File, key: File }, closed)),
        },
        closed,
      ),
    ),
  },
  closed,
);
export type RawNats = Static<typeof NatsSchema>;

export const NATS_AUTH_DEFAULTS = { userFromEnv: 'CUTOVER_NATS_USER', passwordFromEnv: 'CUTOVER_NATS_PASSWORD' } as const;

export interface NatsAuthConfig {
  /** On: a process without its password variable refuses to start; `cutover up` creates the users. */
  enabled: boolean;
  /** The variable holding the user name; unset, a process logs in as its own role (service name, `admin` for the CLI). */
  userFromEnv: string;
  passwordFromEnv: string;
}

/** Absolute paths of PEM files. */
export interface NatsTlsConfig {
  ca: string | null;
  cert: string | null;
  key: string | null;
  server: { cert: string; key: string } | null;
}

export interface NatsConfig {
  url: string | null;
  /** Absent: no user unless the default password variable is set. */
  auth?: NatsAuthConfig;
  /** Absent: plain TCP. */
  tls?: NatsTlsConfig;
}

export function buildNats(raw: RawNats | undefined, dir: string): NatsConfig {
  const config: NatsConfig = { url: raw?.url ?? null };
  if (raw?.auth) {
    config.auth = {
      enabled: raw.auth.enabled ?? true,
      userFromEnv: raw.auth.userFromEnv ?? NATS_AUTH_DEFAULTS.userFromEnv,
      passwordFromEnv: raw.auth.passwordFromEnv ?? NATS_AUTH_DEFAULTS.passwordFromEnv,
    };
  }
  if (raw?.tls) {
    const file = (f: string | undefined) => (f === undefined ? null : resolve(dir, f));
    const server = raw.tls.server;
    config.tls = {
      ca: file(raw.tls.ca),
      cert: file(raw.tls.cert),
      key: file(raw.tls.key),
      server: server ? { cert: resolve(dir, server.cert), key: resolve(dir, server.key) } : null,
    };
  }
  return config;
}

export function natsProblems(raw: RawNats | undefined): RawProblem[] {
  const problems: RawProblem[] = [];
  for (const field of ['userFromEnv', 'passwordFromEnv'] as const) {
    const name = raw?.auth?.[field];
    if (name !== undefined && !ENV_NAME.test(name)) {
      problems.push({ path: ['nats', 'auth', field], message: `is not a valid environment variable name (${ENV_NAME_RULE})` });
    }
  }
  if (raw?.tls && (raw.tls.cert === undefined) !== (raw.tls.key === undefined)) {
    problems.push({ path: ['nats', 'tls'], message: 'cert and key go together: a client certificate needs its key' });
  }
  return problems;
}
