// Environments: one file, several Cutovers. `environments.production` holds what differs
// for the Cutover started with --environment production (its NATS, runtime, policy,
// approval, receivers...); everything else comes from the top of the file.
import type { RawProblem } from './semantic';
import type { RawConfig, RawEnvironment } from './schema';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge field by field; lists and values replace. */
export function mergeDeep<T>(base: T, override: unknown): T {
  if (!isPlain(base) || !isPlain(override)) return (override === undefined ? base : override) as T;
  const merged: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = key in base ? mergeDeep(base[key], value) : value;
  return merged as T;
}

/** The file as environment `name` sees it, without the environments block. Overrides of unknown services are left out (environmentProblems names them). */
export function forEnvironment(raw: RawConfig, name: string): RawConfig {
  const { environments, ...base } = raw;
  const env = environments?.[name];
  const services = env?.services && Object.fromEntries(Object.entries(env.services).filter(([s]) => s in raw.services));
  return mergeDeep(base, env && { ...env, ...(services ? { services } : {}) });
}

/** Problems an environment's overrides cause by themselves, before the merged file is checked. */
export function environmentProblems(raw: RawConfig): RawProblem[] {
  const problems: RawProblem[] = [];
  for (const [name, env] of Object.entries(raw.environments ?? {})) {
    for (const service of Object.keys(env.services ?? {})) {
      if (!(service in raw.services)) {
        problems.push({ path: ['environments', name, 'services', service], message: `names no service of this file (have: ${Object.keys(raw.services).join(', ')})` });
      }
    }
  }
  return problems;
}

/**
 * A problem of the merged file of environment `name`, placed on the override that caused
 * it when the override sets that field, else on the file's own field, saying which environment.
 */
export function placeInEnvironment(p: RawProblem, name: string, env: RawEnvironment): RawProblem {
  let node: unknown = env;
  for (const segment of p.path) {
    if (!isPlain(node) && !Array.isArray(node)) break;
    node = (node as Plain)[segment];
    if (node === undefined) return { path: p.path, message: `${p.message} (in environment ${name})` };
  }
  return { path: ['environments', name, ...p.path], message: p.message };
}
