import { serviceConfig } from '../testing/service-config';
import { livenessProbe, readinessProbe, startupProbe } from './probes';

describe('Kubernetes probes from the cutover.yaml health settings', () => {
  const http = serviceConfig('shop', {
    readinessPath: '/ready',
    kubernetes: { containerPort: 3000 },
    policy: { readinessTimeoutMs: 12_000, probe: { path: '/live', intervalMs: 2_500, timeoutMs: 1_500, failureThreshold: 4, successThreshold: 3 } },
  });

  it('renders HTTP readiness from readinessPath and the probe\'s period, timeout and thresholds, in whole seconds', () => {
    expect(readinessProbe(http)).toEqual({
      httpGet: { path: '/ready', port: 3000 },
      periodSeconds: 3,
      timeoutSeconds: 2,
      failureThreshold: 4,
      successThreshold: 3,
    });
  });

  it('renders HTTP liveness from probe.path, no more often than every 10 s, with one success enough', () => {
    expect(livenessProbe(http)).toEqual({ httpGet: { path: '/live', port: 3000 }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 4, successThreshold: 1 });
    expect(startupProbe(http)).toEqual({ httpGet: { path: '/ready', port: 3000 }, periodSeconds: 1, timeoutSeconds: 2, failureThreshold: 12, successThreshold: 1 });
  });

  it('renders a tcp probe as tcpSocket on the container port in all three probes', () => {
    const tcp = serviceConfig('cache', { kubernetes: { containerPort: 6379 }, policy: { probe: { kind: 'tcp' } } });
    for (const probe of [readinessProbe(tcp), livenessProbe(tcp), startupProbe(tcp)]) {
      expect(probe.tcpSocket).toEqual({ port: 6379 });
      expect(probe.httpGet).toBeUndefined();
    }
  });

  it('uses the latency limit as the kubelet timeout when it is the stricter one', () => {
    const strict = serviceConfig('shop', { policy: { probe: { timeoutMs: 5_000, maxLatencyMs: 300 } } });
    expect(readinessProbe(strict).timeoutSeconds).toBe(1);
    expect(livenessProbe(serviceConfig('shop', { policy: { probe: { timeoutMs: 3_000, maxLatencyMs: 9_000 } } })).timeoutSeconds).toBe(3);
  });
});
