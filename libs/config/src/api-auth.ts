// Who may call the HTTP APIs (orchestrator API, dashboard): named bearer tokens, each with
// scopes. The file holds a token's sha256 digest or the name of the environment variable
// that holds it, never the token itself, so cutover.yaml can be committed.
import { Type, type Static } from '@sinclair/typebox';
import { ENV_NAME, ENV_NAME_RULE } from './env-names';
import type { RawProblem } from './semantic';

const closed = { additionalProperties: false } as const;

export const API_SCOPES = ['read', 'release', 'approve', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const ApiSchema = Type.Object(
  {
    tokens: Type.Optional(
      Type.Array(
        Type.Object(
          {
            /** Named in logs and in 403 answers, so a leaked token can be traced to its owner. */
            name: Type.String({ pattern: '^[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$' }),
            scopes: Type.Array(Type.Union(API_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, uniqueItems: true }),
            sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
            fromEnv: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          },
          closed,
        ),
        { maxItems: 100 },
      ),
    ),
  },
  closed,
);
export type RawApi = Static<typeof ApiSchema>;

/** Where a token's value comes from: its digest in the file, or the plaintext in an environment variable read at start. */
export type ApiTokenSource = { kind: 'sha256'; digest: string } | { kind: 'env'; variable: string };

export interface ApiToken {
  name: string;
  scopes: ApiScope[];
  source: ApiTokenSource;
}

export interface ApiConfig {
  /** Empty: authentication is off and every route is open. */
  tokens: ApiToken[];
}

export function buildApi(raw: RawApi | undefined): ApiConfig {
  return {
    tokens: (raw?.tokens ?? []).map((t) => ({
      name: t.name,
      scopes: t.scopes,
      source: t.sha256 !== undefined ? { kind: 'sha256', digest: t.sha256.toLowerCase() } : { kind: 'env', variable: t.fromEnv! },
    })),
  };
}

export function apiProblems(raw: RawApi | undefined): RawProblem[] {
  const problems: RawProblem[] = [];
  const seen = new Set<string>();
  (raw?.tokens ?? []).forEach((t, i) => {
    const at = ['api', 'tokens', String(i)];
    if (seen.has(t.name)) problems.push({ path: [...at, 'name'], message: `"${t.name}" names another token too: names must be unique` });
    seen.add(t.name);
    if ((t.sha256 === undefined) === (t.fromEnv === undefined)) {
      problems.push({ path: at, message: 'needs exactly one of sha256 (the hex digest of the token) and fromEnv (the variable holding the token)' });
    }
    if (t.fromEnv !== undefined && !ENV_NAME.test(t.fromEnv)) {
      problems.push({ path: [...at, 'fromEnv'], message: `is not a valid environment variable name (${ENV_NAME_RULE})` });
    }
  });
  return problems;
}
