// The nats-server configuration that turns NATS security on: one user per role with the
// permissions of natsPermissions(), and TLS when certificates are given. `cutover up` writes
// it with generated passwords; the Kubernetes manifests check it in with each password as a
// reference to an environment variable of the nats container, filled from a Secret.
import { NATS_ROLES, natsPermissions, type NatsRole } from './permissions';

/** The password itself, or the name of the server's environment variable that holds it. */
export type NatsServerPassword = { value: string } | { fromEnv: string };

export interface NatsServerTls {
  certFile: string;
  keyFile: string;
  /** Set: clients must present a certificate signed by this CA. */
  caFile?: string;
}

export interface NatsServerConfigOptions {
  passwords: Partial<Record<NatsRole, NatsServerPassword>>;
  tls?: NatsServerTls;
  /** First line(s) of the file, without the leading '#'. */
  header?: string;
}

/** Name of the server-side variable holding a role's password in the Kubernetes config. */
export const natsPasswordVariable = (role: NatsRole) => `CUTOVER_NATS_PASSWORD_${role.toUpperCase().replace(/-/g, '_')}`;

export function natsServerConfig(opts: NatsServerConfigOptions): string {
  const lines: string[] = (opts.header ?? '').split('\n').filter(Boolean).map((l) => `# ${l}`);
  const roles = NATS_ROLES.filter((role) => opts.passwords[role]);
  // No users at all: no authorization block, which would otherwise refuse every client.
  if (roles.length > 0) lines.push('authorization {', '  users = [');
  for (const role of roles) {
    const password = opts.passwords[role]!;
    const { publish, subscribe } = natsPermissions(role);
    lines.push(
      '    {',
      `      user: ${quote(role)}`,
      // An unquoted $NAME is the server's variable reference; a quoted string is literal.
      `      password: ${'fromEnv' in password ? `$${password.fromEnv}` : quote(password.value)}`,
      '      permissions: {',
      `        publish: { allow: ${list(publish)} }`,
      `        subscribe: { allow: ${list(subscribe)} }`,
      '      }',
      '    }',
    );
  }
  if (roles.length > 0) lines.push('  ]', '}');
  if (opts.tls) {
    lines.push('tls {', `  cert_file: ${quote(opts.tls.certFile)}`, `  key_file: ${quote(opts.tls.keyFile)}`);
    if (opts.tls.caFile) lines.push(`  ca_file: ${quote(opts.tls.caFile)}`, '  verify: true');
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

const quote = (s: string) => JSON.stringify(s);
const list = (subjects: string[]) => `[${subjects.map(quote).join(', ')}]`;

/**
 * The checked-in config of the Kubernetes manifests: every role, each password read from
 * the nats container's CUTOVER_NATS_PASSWORD_<ROLE>, which the manifests fill from a Secret.
 */
export function natsServerConfigFromEnv(): string {
  const passwords = Object.fromEntries(NATS_ROLES.map((role) => [role, { fromEnv: natsPasswordVariable(role) }]));
  const header = [
    'Generated from natsPermissions() of @cutover/messaging by `node deploy/kustomize/nats-auth/generate.js`',
    '(after `npm run build`). Do not edit: deploy/kustomize/nats-auth/nats-auth.spec.ts checks it is current.',
    "Each password is the nats container's CUTOVER_NATS_PASSWORD_<ROLE>, from the Secret cutover-nats-users.",
  ].join('\n');
  return natsServerConfig({ passwords, header });
}
