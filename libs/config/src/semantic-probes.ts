// Health settings the schema accepts but that could never work: a body regex that does not
// compile, a metric check without a range, checks with nowhere to send their queries.
import type { PolicyOverride } from '@cutover/core';
import type { RawProblem } from './semantic';

export function probeProblems(policy: PolicyOverride | undefined, path: string[]): RawProblem[] {
  const problems: RawProblem[] = [];
  const body = policy?.probe?.body;
  if (body && 'regex' in body) {
    try {
      new RegExp(body.regex);
    } catch (e) {
      problems.push({ path: [...path, 'probe', 'body', 'regex'], message: `is not a valid regular expression: ${(e as Error).message}` });
    }
  }
  const prometheus = policy?.prometheus;
  const checks = prometheus?.checks ?? [];
  const seen = new Set<string>();
  checks.forEach((check, i) => {
    const at = [...path, 'prometheus', 'checks', String(i)];
    if (check.min == null && check.max == null) problems.push({ path: at, message: 'needs min, max or both: a check without a range always passes' });
    if (seen.has(check.name)) problems.push({ path: [...at, 'name'], message: `"${check.name}" is used by another check of this policy` });
    seen.add(check.name);
  });
  if (checks.length > 0 && prometheus?.url === null) {
    problems.push({ path: [...path, 'prometheus', 'url'], message: 'is null, so the checks listed here would never run; give the Prometheus URL' });
  }
  return problems;
}
