import { bundle, deployment, probe, ROLLED_BACK } from '../testing/fixtures';
import { failingProbes, renderDiagnostics } from './diagnostics';

const b = bundle(deployment('demo-00000000200000002', ROLLED_BACK));

describe('diagnostics report', () => {
  it('lists each failed probe once, oldest first, from transitions and the last snapshot', () => {
    expect(failingProbes(b).map((p) => [p.at.slice(17, 19), p.status ?? p.error])).toEqual([
      ['05', 500],
      ['06', 500],
      ['07', 'ECONNREFUSED'],
    ]);
  });

  it('keeps only failures even if a snapshot carried a passing probe', () => {
    const mixed = { ...b, lastSnapshot: { ...b.lastSnapshot!, recentFailures: [probe(9, { ok: true, status: 200 })] }, transitions: [] };
    expect(failingProbes(mixed)).toEqual([]);
    expect(renderDiagnostics(mixed)).toContain('  none recorded');
  });

  it('names the cause of the rollback and shows the stderr of unexpected exits', () => {
    const text = renderDiagnostics(b).join('\n');
    expect(text).toContain('Outcome:  RolledBack (HealthDegraded): RolledBack message');
    expect(text).toMatch(/instance 0 \(pid 4242\): exit code 1\n {4}stderr:\n {4}\| Error: boom\n {4}\| {5}at main\.js:1/);
  });

  it('shows the stderr tail of instances that are still running, skipping empty ones', () => {
    const text = renderDiagnostics(b).join('\n');
    expect(text).toContain('Stderr of the instances\n  instance 1 (pid 4243):\n    | warn: slow upstream');
    expect(text).not.toContain('instance 2');
  });

  it('says so when the runtime state was not captured', () => {
    expect(renderDiagnostics({ ...b, runtime: null })).toContain('  runtime state was not captured');
  });
});
