// A test cluster as one of its ServiceAccounts sees it: a kubeconfig holding a token the API
// server issued for that account (TokenRequest), so what it may do is exactly what RBAC
// grants it, never the admin's rights.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TestCluster } from './kube-cluster';

export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

export interface ServiceAccountAccess {
  /** `system:serviceaccount:<namespace>:<name>`, for `kubectl --as`. */
  username: string;
  /** A kubeconfig for the account: the cluster's server and CA, the account's token. */
  kubeconfig: string;
  /** kubectl with the account's kubeconfig; rejects with kubectl's stderr (e.g. "Forbidden"). */
  kubectl(...args: string[]): Promise<string>;
}

interface AdminKubeconfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string } }[];
}

const TOKEN_LIFETIME = '2h';

/** The account must exist already; the kubeconfig lives in the cluster's folder and goes with it. */
export async function serviceAccountAccess(cluster: TestCluster, account: ServiceAccountRef): Promise<ServiceAccountAccess> {
  const token = (await cluster.kubectl('create', 'token', account.name, '-n', account.namespace, '--duration', TOKEN_LIFETIME)).trim();
  const admin = JSON.parse(await cluster.kubectl('config', 'view', '--raw', '--minify', '-o', 'json')) as AdminKubeconfig;
  const server = admin.clusters[0]!;
  const username = `system:serviceaccount:${account.namespace}:${account.name}`;
  const kubeconfig = join(dirname(cluster.kubeconfig), `kubeconfig-${account.namespace}-${account.name}`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [server],
    users: [{ name: username, user: { token } }],
    contexts: [{ name: username, context: { cluster: server.name, user: username } }],
    'current-context': username,
  };
  writeFileSync(kubeconfig, JSON.stringify(config, null, 2), { mode: 0o600 });
  // The later --kubeconfig wins over the admin one the cluster's kubectl passes first.
  return { username, kubeconfig, kubectl: (...args) => cluster.kubectl('--kubeconfig', kubeconfig, ...args) };
}
