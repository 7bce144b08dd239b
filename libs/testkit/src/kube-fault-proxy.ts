// An HTTPS proxy in front of a test cluster's kube-apiserver that can be told to answer
// chosen requests with a fault (409 Conflict, 429, 5xx as real Kubernetes Status objects),
// to answer them late, or to run something first (stop the API server mid-request).
// Everything else is forwarded as is, watches included, with the admin client certificate.
// Cutover is pointed at it with the kubeconfig it writes, which trusts the proxy's own
// self-signed certificate: TLS is verified end to end, as against a real cluster.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';

export type FaultStatus = 409 | 429 | 500 | 502 | 503 | 504;

export interface FaultRule {
  /** Only requests of this method (any when omitted). */
  method?: string;
  /** Matched against the path without the query string. */
  path: RegExp;
  /** Answer this instead of forwarding. */
  status?: FaultStatus;
  /** Sent with a 429 or 503 as Retry-After. */
  retryAfterSeconds?: number;
  /** Wait this long before answering or forwarding. */
  delayMs?: number;
  /** Runs before the request is answered or forwarded (the request waits for it). */
  before?: () => Promise<void>;
  /** How many matching requests get the fault; every one until removed when omitted. */
  times?: number;
}

export interface FaultHandle {
  /** Matching requests that got the fault so far. */
  readonly hits: number;
  remove(): void;
}

export interface SeenRequest {
  method: string;
  path: string;
  /** What the client got: an HTTP status, or 'reset' when the API server could not be reached. */
  outcome: number | 'reset';
  /** Whether a rule answered or changed it. */
  faulted: boolean;
}

export interface KubeFaultProxy {
  url: string;
  /** The cluster's admin kubeconfig, pointed at the proxy and trusting its certificate. */
  kubeconfig: string;
  inject(rule: FaultRule): FaultHandle;
  /** Requests finished so far, oldest first, optionally only those of a method and path. */
  seen(filter?: { method?: string; path?: RegExp }): SeenRequest[];
  close(): Promise<void>;
}

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
}

interface ActiveRule extends FaultRule {
  hits: number;
}

const REASONS: Record<FaultStatus, string> = {
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Starts the proxy on a free loopback port in front of the cluster of `adminKubeconfig`. */
export async function startKubeFaultProxy(adminKubeconfig: string): Promise<KubeFaultProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-fault-proxy-'));
  const admin = YAML.parse(readFileSync(adminKubeconfig, 'utf8')) as Kubeconfig;
  const cluster = admin.clusters[0]!.cluster;
  const user = admin.users[0]!.user;
  const upstream = new URL(cluster.server);
  const agent = new Agent({
    keepAlive: true,
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
    cert: Buffer.from(user['client-certificate-data'], 'base64'),
    key: Buffer.from(user['client-key-data'], 'base64'),
  });
  const tls = await selfSignedCertificate(dir);
  const rules: ActiveRule[] = [];
  const log: SeenRequest[] = [];

  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    void handle(req, res).catch(() => res.socket?.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    const rule = rules.find((r) => (!r.method || r.method === method) && r.path.test(path) && (r.times === undefined || r.hits < r.times));
    if (rule) rule.hits++;
    const record = (outcome: number | 'reset') => log.push({ method, path, outcome, faulted: !!rule });
    await rule?.before?.();
    if (rule?.delayMs) await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
    if (rule?.status) {
      req.resume();
      await new Promise((resolve) => req.on('end', resolve));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (rule.retryAfterSeconds !== undefined) headers['retry-after'] = String(rule.retryAfterSeconds);
      res.writeHead(rule.status, headers).end(JSON.stringify(statusBody(rule.status, path)));
      record(rule.status);
      return;
    }
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        record(answer.statusCode ?? 502);
      },
    );
    // The API server is gone: the client sees its connection dropped, as it would without us.
    forwarded.on('error', () => {
      if (!res.headersSent) record('reset');
      res.socket?.destroy();
    });
    res.on('close', () => forwarded.destroy());
    req.pipe(forwarded);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = join(dir, 'kubeconfig');
  const proxied = YAML.parse(readFileSync(adminKubeconfig, 'utf8')) as Kubeconfig;
  proxied.clusters[0]!.cluster.server = url;
  proxied.clusters[0]!.cluster['certificate-authority-data'] = tls.cert.toString('base64');
  writeFileSync(kubeconfig, YAML.stringify(proxied), { mode: 0o600 });

  return {
    url,
    kubeconfig,
    inject: (rule) => {
      const active: ActiveRule = { ...rule, hits: 0 };
      rules.push(active);
      return {
        get hits() {
          return active.hits;
        },
        remove: () => {
          if (rules.includes(active)) rules.splice(rules.indexOf(active), 1);
        },
      };
    },
    seen: (filter = {}) => log.filter((r) => (!filter.method || r.method === filter.method) && (!filter.path || filter.path.test(r.path))),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Status object as the API server sends it, so clients parse it as a real failure. */
function statusBody(code: FaultStatus, path: string): object {
  const [, resource, name] = /\/namespaces\/[^/]+\/([^/]+)\/([^/]+)/.exec(path) ?? [];
  const message =
    code === 409
      ? `Operation cannot be fulfilled on ${resource ?? 'the object'} "${name ?? ''}": the object has been modified; please apply your changes to the latest version and try again`
      : `injected by the fault proxy: ${REASONS[code]}`;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: REASONS[code], details: { name, kind: resource }, code };
}

/** A certificate for 127.0.0.1 that is its own CA. */
async function selfSignedCertificate(dir: string): Promise<{ cert: Buffer; key: Buffer }> {
  const cert = join(dir, 'proxy.crt');
  const key = join(dir, 'proxy.key');
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=cutover-fault-proxy', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ]);
  return { cert: readFileSync(cert), key: readFileSync(key) };
}
