// The README's demo command, as a newcomer runs it: it must end with every outcome as expected.
import { spawn } from 'node:child_process';
import { CLI } from './support/cutover';

it('`cutover demo` (npm run demo) shows a healthy switch and an automatic rollback, and exits 0', async () => {
  const child = spawn(process.execPath, [CLI, 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining('Every outcome was the expected one.') });
  expect(out).toMatch(/ok {2}2\.0\.0: Succeeded .* 0 failed/);
  expect(out).toMatch(/ok {2}3\.0\.0: RolledBack .*traffic back on green \d+ ms after the first fault/);
  expect(out).toMatch(/failed probe .* → 500/);
});
