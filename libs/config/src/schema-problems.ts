import type { FieldProblem } from '@cutover/contracts';

const ANY_OF = 'must match a schema in anyOf';

/** JSON pointer (/services/demo/env) → path segments (['services', 'demo', 'env']). */
export function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Ajv reports a value matching no branch of a union once per branch plus once for the union;
 * say it once instead ("must be string or array"), and not at all when an error deeper in
 * the value already says what is wrong.
 */
export function collapseUnions(problems: FieldProblem[]): FieldProblem[] {
  const unions = new Set(problems.filter((p) => p.message === ANY_OF).map((p) => p.path));
  const out: FieldProblem[] = [];
  for (const path of unions) {
    if (problems.some((p) => p.path.startsWith(`${path}/`))) continue;
    const branches = problems.filter((p) => p.path === path && p.message !== ANY_OF).map((p) => p.message.replace(/^must be /, ''));
    out.push({ path, message: `must be ${[...new Set(branches)].join(' or ')}` });
  }
  return [...problems.filter((p) => !unions.has(p.path)), ...out];
}
