import { spawnSync } from 'node:child_process';
import { processMetrics } from './process-metrics';

describe('processMetrics', () => {
  it('is one registry per process, with the default process metrics', async () => {
    expect(processMetrics()).toBe(processMetrics());
    const text = await processMetrics().registry.metrics();
    expect(text).toMatch(/^# TYPE process_cpu_seconds_total counter$/m);
    expect(text).toMatch(/^# TYPE cutover_deployments_total counter$/m);
    expect(text).not.toMatch(/nodejs_active_handles_total/);
  });

  it('passes promtool check metrics', async () => {
    const check = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: await processMetrics().registry.metrics(), encoding: 'utf8' });
    expect({ status: check.status, out: check.stdout + check.stderr }).toEqual({ status: 0, out: '' });
  });
});
