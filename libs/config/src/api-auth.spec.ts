import { parseConfig } from './parse';
import { MINIMAL_CONFIG, problemLines, SPEC_CONFIG_FILE } from './testing/problems-of';

const FILE = SPEC_CONFIG_FILE;
const DIGEST = 'A'.repeat(64);
const BASE = MINIMAL_CONFIG;
const withApi = (block: string) => `${BASE}api:\n${block}`;

const problemsOf = (text: string) => problemLines(text, FILE);

describe('api tokens in cutover.yaml', () => {
  it('is off without api.tokens', () => {
    const config = parseConfig(BASE, FILE);
    expect(config.api).toEqual({ tokens: [] });
  });

  it('reads digests (lowercased) and environment variables', () => {
    const config = parseConfig(
      withApi(`  tokens:
    - { name: ci, scopes: [release], sha256: "${DIGEST}" }
    - { name: oncall, scopes: [approve, read], fromEnv: CUTOVER_ONCALL_TOKEN }
`),
      FILE,
    );
    expect(config.api.tokens).toEqual([
      { name: 'ci', scopes: ['release'], source: { kind: 'sha256', digest: 'a'.repeat(64) } },
      { name: 'oncall', scopes: ['approve', 'read'], source: { kind: 'env', variable: 'CUTOVER_ONCALL_TOKEN' } },
    ]);
  });

  it('names an unknown scope, a digest that is no sha256, and a plaintext token field', () => {
    const problems = problemsOf(
      withApi(`  tokens:
    - { name: ci, scopes: [deploy], sha256: "${DIGEST}" }
    - { name: ops, scopes: [read], sha256: "abc" }
    - { name: raw, scopes: [read], token: "s3cret" }
`),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^api\.tokens\.0\.scopes\.0: /),
        expect.stringMatching(/^api\.tokens\.1\.sha256: /),
        expect.stringMatching(/^api\.tokens\.2(\.token)?: /),
      ]),
    );
  });

  it('needs exactly one of sha256 and fromEnv, unique names and a valid variable name', () => {
    expect(
      problemsOf(
        withApi(`  tokens:
    - { name: ci, scopes: [release], sha256: "${DIGEST}", fromEnv: CI_TOKEN }
    - { name: ci, scopes: [read], fromEnv: "1BAD" }
    - { name: none, scopes: [read] }
`),
      ),
    ).toEqual([
      'api.tokens.0: needs exactly one of sha256 (the hex digest of the token) and fromEnv (the variable holding the token)',
      'api.tokens.1.name: "ci" names another token too: names must be unique',
      'api.tokens.1.fromEnv: is not a valid environment variable name (names are letters, digits and _, not starting with a digit)',
      'api.tokens.2: needs exactly one of sha256 (the hex digest of the token) and fromEnv (the variable holding the token)',
    ]);
  });

  it('needs at least one scope per token', () => {
    expect(problemsOf(withApi(`  tokens: [{ name: ci, scopes: [], sha256: "${DIGEST}" }]\n`))).toEqual([expect.stringMatching(/^api\.tokens\.0\.scopes: /)]);
  });
});
