// A TCP connect to one endpoint: for apps that speak no HTTP, an accepted connection is the
// whole health signal.
import { connect } from 'node:net';
import type { Endpoint, ProbeResult } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { ProbeTimeoutError } from './errors';

export class TcpProber {
  constructor(private readonly clock: Clock) {}

  probe(endpoint: Endpoint, spec: { timeoutMs: number; maxLatencyMs?: number | null }): Promise<ProbeResult> {
    const target = `tcp://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
    const at = this.clock.now().toISOString();
    const started = performance.now();
    return new Promise((resolve) => {
      const socket = connect({ host: endpoint.host, port: endpoint.port });
      const finish = (error?: string) => {
        clearTimeout(deadline);
        socket.destroy();
        const latencyMs = Math.round((performance.now() - started) * 100) / 100;
        const slow = !error && spec.maxLatencyMs != null && latencyMs > spec.maxLatencyMs;
        const problem = error ?? (slow ? `connected in ${latencyMs} ms, limit ${spec.maxLatencyMs} ms` : undefined);
        resolve({ at, target, kind: 'tcp', ok: !problem, latencyMs, ...(problem && { error: problem }) });
      };
      socket.once('connect', () => finish());
      socket.once('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
      const deadline = setTimeout(() => finish(new ProbeTimeoutError(spec.timeoutMs).message), spec.timeoutMs);
    });
  }
}
