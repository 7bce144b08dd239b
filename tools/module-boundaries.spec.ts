// The lint rules are the architecture; this proves they bite, not just that they exist.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

// ESLint's flat config is an ES module, which jest's VM cannot load: run the real CLI.
async function lint(file: string, code: string): Promise<string[]> {
  const out = spawnSync('npx', ['eslint', '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(out.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

beforeAll(() => {
  // The boundary rule reads Nx's project graph; compute it the way `npm run lint` does.
  execFileSync('npx', ['nx', 'show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'ignore' });
}, 120_000);

describe('module boundaries', () => {
  it('forbid a service importing another service', async () => {
    const messages = await lint('services/switcher/src/bad.ts', "import { x } from '@cutover/orchestrator';\nexport const y = x;\n");
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('forbid the pure core importing a lib with I/O', async () => {
    const messages = await lint('libs/core/src/bad.ts', "import { Bus } from '@cutover/messaging';\nexport const y = Bus;\n");
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('forbid the pure core importing NATS or Nest', async () => {
    const messages = await lint('libs/core/src/bad.ts', "import { connect } from 'nats';\nexport const y = connect;\n");
    expect(messages.join('\n')).toMatch(/no-restricted-imports/);
  });

  it('allow a service importing contracts', async () => {
    const messages = await lint('services/switcher/src/ok.ts', "import { subjects } from '@cutover/contracts';\nexport const y = subjects;\n");
    expect(messages).toEqual([]);
  });
});
