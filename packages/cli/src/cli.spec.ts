// The built CLI as a child process: what a script sees for bad input and for a Cutover
// that is not there. Nothing here needs a server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@cutover/testkit';
import { runCli } from './testing/run-cli';

const oneLine = (text: string) => expect(text).toMatch(/^cutover: [^\n]+\n$/);

describe('cutover command line', () => {
  it.each([
    [['bogus'], "cutover: unknown command 'bogus' (see `cutover --help`)"],
    [['release', 'demo', '1.0.0', '--wiat'], "cutover: unknown option '--wiat' (Did you mean --wait?) (see `cutover release --help`)"],
    [['release', 'demo'], "cutover: missing required argument 'version' (see `cutover release --help`)"],
    [['release', 'demo', '1.0'], 'cutover: invalid version "1.0": use a semantic version such as 1.8.0 or 2.0.0-rc.1'],
    [['release', 'Demo_1', '1.0.0'], 'cutover: invalid service name "Demo_1": use 1-63 lowercase letters'],
    [['release', 'demo', '1.0.0', '--env', 'NOEQUALS'], 'cutover: invalid --env: invalid environment assignment "NOEQUALS": expected KEY=VALUE'],
    [['release', 'demo', '1.0.0', '--env', '1X=a'], 'cutover: invalid --env: invalid environment assignment "1X=a"'],
    [['release', 'demo', '1.0.0', '--wait', '--timeout', '10'], 'cutover: invalid --timeout "10": use a number with a unit'],
    [['approve', 'not an id'], 'cutover: invalid deployment id "not an id"'],
    [['history'], "cutover: missing required argument 'service'"],
    [['status', 'a', 'b'], "cutover: too many arguments for 'status'"],
    [['up', '--runtime', 'nomad'], "cutover: option '--runtime <kind>' argument 'nomad' is invalid. Allowed choices are local, kubernetes."],
  ])('cutover %j is exit 2 with one line', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    oneLine(run.stderr);
    expect(run.stderr.startsWith(message)).toBe(true);
  });

  // One case per command: each spawns a node process, and ten in one case overran the
  // default timeout on a loaded CI machine.
  it.each(['up', 'release', 'status', 'watch', 'history', 'approve', 'abort', 'promote', 'rollback', 'diagnostics', 'report'])(
    'prints help for %s with exit 0',
    async (cmd) => {
      const run = await runCli([cmd, '--help']);
      expect([run.code, run.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^Usage: cutover ${cmd} \\[options\\]`))]);
    },
  );

  it('is exit 3 within a few seconds, naming the URL, when nothing listens there', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const run = await runCli(['release', 'demo', '1.0.0', '--wait', '--nats', url]);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`cutover: cannot reach Cutover at ${url}: connection refused\n`);
  });

  it('takes the NATS url from NATS_URL when --nats is not given', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    const run = await runCli(['status'], { NATS_URL: url });
    expect([run.code, run.stderr]).toEqual([3, `cutover: cannot reach Cutover at ${url}: connection refused\n`]);
  });

  it('up refuses an invalid config before starting anything, naming the bad field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-cli-'));
    const config = join(dir, 'cutover.yaml');
    writeFileSync(config, 'version: 1\nservices:\n  demo:\n    command: node app.js\n    router: { port: 99999 }\n');
    const run = await runCli(['up', '--config', config, '--data', join(dir, 'data')]);
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toContain(`invalid configuration ${config}:`);
    expect(run.stderr).toContain('services.demo.router.port');
    const missing = await runCli(['up', '--config', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot read configuration ${join(dir, 'nope.yaml')}`);
    rmSync(dir, { recursive: true });
  });
});
