import { createCutoverMetrics } from './cutover-metrics';
import { clearHealthState, setHealthState } from './health-state';

const series = async (m: ReturnType<typeof createCutoverMetrics>) =>
  (await m.healthState.get()).values.map((v) => `${v.labels.service}.${v.labels.color}.${v.labels.state}=${v.value}`).sort();

describe('health state gauge', () => {
  it('has one series per state, 1 only for the current one', async () => {
    const m = createCutoverMetrics();
    setHealthState(m, 'shop', 'green', 'healthy');
    setHealthState(m, 'shop', 'green', 'degraded');
    expect(await series(m)).toEqual(['shop.green.degraded=1', 'shop.green.healthy=0', 'shop.green.unhealthy=0', 'shop.green.unknown=0']);
  });

  it('drops the series of an environment that is gone', async () => {
    const m = createCutoverMetrics();
    setHealthState(m, 'shop', 'blue', 'healthy');
    setHealthState(m, 'shop', 'green', 'unknown');
    clearHealthState(m, 'shop', 'blue');
    expect(await series(m)).toEqual(['shop.green.degraded=0', 'shop.green.healthy=0', 'shop.green.unhealthy=0', 'shop.green.unknown=1']);
  });
});
