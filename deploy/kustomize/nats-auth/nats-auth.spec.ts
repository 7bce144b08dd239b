import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SERVICE_ROLES, natsPasswordVariable, natsServerConfigFromEnv, NATS_ROLES } from '@cutover/messaging';

const BASE = join(__dirname, '..', 'base');

describe('deploy/kustomize/base/nats-auth.conf', () => {
  it('is what natsPermissions() generates: run `npm run build && node deploy/kustomize/nats-auth/generate.js` when this fails', () => {
    expect(readFileSync(join(BASE, 'nats-auth.conf'), 'utf8')).toBe(natsServerConfigFromEnv());
  });

  it('gets every password variable it references from the Secret, in the nats StatefulSet', () => {
    const nats = parseAllDocuments(readFileSync(join(BASE, 'nats.yaml'), 'utf8'))
      .map((d) => d.toJS() as { kind: string; spec: { template: { spec: { containers: Container[] } } } })
      .find((o) => o.kind === 'StatefulSet')!;
    const env = nats.spec.template.spec.containers[0]!.env;
    expect(env.map((e) => [e.name, e.valueFrom?.secretKeyRef])).toEqual(
      NATS_ROLES.map((role) => [natsPasswordVariable(role), { name: 'cutover-nats-users', key: role }]),
    );
  });

  it.each(SERVICE_ROLES)('gives %s its own user and password from the same Secret', (role) => {
    const deployment = parseAllDocuments(readFileSync(join(BASE, `${role}.yaml`), 'utf8'))
      .map((d) => d.toJS() as { kind: string; spec: { template: { spec: { containers: Container[] } } } })
      .find((o) => o.kind === 'Deployment')!;
    const env = deployment.spec.template.spec.containers[0]!.env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'CUTOVER_NATS_USER', value: role },
        { name: 'CUTOVER_NATS_PASSWORD', valueFrom: { secretKeyRef: { name: 'cutover-nats-users', key: role } } },
      ]),
    );
  });
});

interface Container {
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
}
