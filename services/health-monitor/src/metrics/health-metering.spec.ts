import type { HealthSnapshot, ProbeResult } from '@cutover/contracts';
import { createCutoverMetrics } from '@cutover/metrics';
import type { HealthSink } from '../monitor/watch-set';
import { healthMetering } from './health-metering';

const snapshot = (state: HealthSnapshot['state']) => ({ service: 'shop', color: 'green', state }) as HealthSnapshot;

describe('health metering', () => {
  it('sets the state gauge from snapshots and transitions, and drops it when the environment goes', async () => {
    const metrics = createCutoverMetrics();
    const calls: string[] = [];
    const inner: HealthSink = {
      snapshot: async (s) => void calls.push(`snapshot ${s.state}`),
      transition: async (t) => void calls.push(`transition ${t.to}`),
      removed: async () => void calls.push('removed'),
      warning: async () => void calls.push('warning'),
    };
    const sink = healthMetering(metrics).sink(inner);
    const current = async () => (await metrics.healthState.get()).values.filter((v) => v.value === 1).map((v) => v.labels.state);

    await sink.snapshot(snapshot('healthy'));
    expect(await current()).toEqual(['healthy']);
    await sink.transition({ service: 'shop', color: 'green', to: 'degraded' } as Parameters<HealthSink['transition']>[0]);
    expect(await current()).toEqual(['degraded']);
    await sink.removed('shop', 'green');
    expect((await metrics.healthState.get()).values).toEqual([]);
    expect(calls).toEqual(['snapshot healthy', 'transition degraded', 'removed']);
  });

  it('observes probe latency by kind and counts failures, passing results through', async () => {
    const metrics = createCutoverMetrics();
    const results: ProbeResult[] = [
      { at: 't', target: 'a', ok: true, status: 200, latencyMs: 3 },
      { at: 't', target: 'a', ok: false, error: 'ECONNREFUSED' },
    ];
    const prober = healthMetering(metrics).prober({ probe: async () => results.shift()! });
    const spec = { kind: 'tcp' } as Parameters<typeof prober.probe>[1];
    expect((await prober.probe({ host: 'h', port: 1 } as never, spec)).ok).toBe(true);
    expect((await prober.probe({ host: 'h', port: 1 } as never, spec)).ok).toBe(false);
    const count = (await metrics.probeDuration.get()).values.find((v) => v.metricName === 'cutover_probe_duration_seconds_count');
    expect(count).toMatchObject({ labels: { kind: 'tcp' }, value: 1 });
    expect((await metrics.probeFailures.get()).values).toEqual([expect.objectContaining({ labels: { kind: 'tcp' }, value: 1 })]);
  });
});
