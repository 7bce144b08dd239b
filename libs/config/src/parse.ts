import { resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { validate, ValidationError } from '@cutover/contracts';
import { buildConfig } from './build';
import { environmentProblems, forEnvironment, placeInEnvironment } from './environments';
import { ConfigError, type ConfigProblem } from './errors';
import { locate } from './locate';
import { RawConfigSchema, type RawConfig } from './schema';
import { collapseUnions, pointerSegments } from './schema-problems';
import { semanticProblems, type RawProblem } from './semantic';
import type { CutoverConfig } from './types';

/** Runtime settings from flags or environment (`--runtime`, `--kubeconfig`), which win over the file's. */
export interface RuntimeOverrides {
  kind?: string;
  /** Absolute, or relative to the config file's folder like the file's own. */
  kubeconfig?: string;
}

/** Which Cutover of the file this process is. */
export interface LoadOptions {
  /** `--environment`: the file with environments.<name> merged over it. */
  environment?: string;
  runtime?: RuntimeOverrides;
}

/**
 * Parse the text of a cutover.yaml (read from `path`, which relative paths in it are
 * resolved against). Throws ConfigError naming every problem with its field and line.
 */
export function parseConfig(text: string, path: string, options: LoadOptions = {}): CutoverConfig {
  const configPath = resolve(path);
  const lines = new LineCounter();
  // Merge keys (<<: *anchor) let services share blocks of settings.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      configPath,
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { path: '', message: `YAML syntax: ${e.message}`, line, column: col };
      }),
    );
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) {
    throw new ConfigError(configPath, [{ path: '', message: 'the file is empty; it needs at least `version: 1` and `services:`' }]);
  }
  const file = checkShape(value, doc, lines, configPath);
  const environment = options.environment ?? null;
  const envs = file.environments ?? {};
  if (environment !== null && !(environment in envs)) {
    const have = Object.keys(envs);
    const problem = { path: 'environments', message: `has no environment "${environment}" (${have.length ? `have: ${have.join(', ')}` : 'the file defines none'})` };
    throw new ConfigError(configPath, [problem]);
  }
  const raw = withRuntime(environment ? forEnvironment(file, environment) : withoutEnvironments(file), options.runtime);
  const own = semanticProblems(raw);
  const problems = [...environmentProblems(file), ...(environment ? own.map((p) => placeInEnvironment(p, environment, envs[environment]!)) : own)];
  // Every environment is checked, not only this one: a bad production override fails staging's start too.
  const seen = new Set(own.map((p) => `${p.path.join('.')}: ${p.message}`));
  for (const [name, env] of Object.entries(envs)) {
    if (name === environment) continue;
    for (const p of semanticProblems(forEnvironment(file, name))) {
      if (!seen.has(`${p.path.join('.')}: ${p.message}`)) problems.push(placeInEnvironment(p, name, env));
    }
  }
  if (problems.length > 0) throw new ConfigError(configPath, problems.map((p) => place(p, doc, lines)));
  return buildConfig(raw, configPath, environment);
}

function withoutEnvironments(file: RawConfig): RawConfig {
  const rest = { ...file };
  delete rest.environments;
  return rest;
}

function withRuntime(raw: RawConfig, overrides: RuntimeOverrides = {}): RawConfig {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return Object.keys(given).length === 0 ? raw : { ...raw, runtime: { ...raw.runtime, ...given } };
}

function checkShape(value: unknown, doc: Document, lines: LineCounter, configPath: string): RawConfig {
  try {
    return validate(RawConfigSchema, value, 'configuration');
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const problems = collapseUnions(e.problems).map((p) => place({ path: pointerSegments(p.path), message: p.message }, doc, lines));
    throw new ConfigError(configPath, problems, { cause: e });
  }
}

function place(p: RawProblem, doc: Document, lines: LineCounter): ConfigProblem {
  const at = locate(doc, lines, p.path);
  return { path: p.path.join('.'), message: p.message, ...(at ? { line: at.line, column: at.column } : {}) };
}
