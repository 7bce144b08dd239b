import { deployment, ROLLED_BACK, SUCCEEDED, at } from '../testing/fixtures';
import { renderHistory } from './history';

describe('history table', () => {
  it('aligns columns and shows a running deployment with its time so far', () => {
    const running = deployment('demo-00000000300000003', SUCCEEDED.slice(0, 3));
    const done = deployment('demo-00000000200000002', ROLLED_BACK);
    const [header, first, second] = renderHistory([running, done], new Date(at(62)));
    expect(header!.indexOf('PHASE')).toBe(first!.indexOf('Verifying'));
    expect(first).toMatch(/Verifying\s+EnvironmentReady\s+.*1m02s so far$/);
    expect(second).toMatch(/RolledBack\s+HealthDegraded\s+.*6\.0s$/);
  });
});
