// The CI templates of deploy/ci, checked statically: each parses (YAML with the yaml
// library, Groovy with the real Groovy compiler), and every `cutover` command they call
// exists with every flag they pass (read from the CLI's own commander program). The GitLab
// template also runs for real: e2e/gitlab-pipeline.e2e.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { cutoverProgram } from '@cutover/cli';
import { systemClock } from '@cutover/core';

const CI = __dirname;
const ROOT = join(CI, '..', '..');
const read = (file: string) => readFileSync(join(CI, file), 'utf8');

const program = cutoverProgram({ out: { line: () => undefined, json: () => undefined } as never, note: () => undefined, clock: systemClock, env: {} }, '0.0.0');
const flagsOf = (command: string): string[] => {
  const cmd = program.commands.find((c) => c.name() === command);
  if (!cmd) throw new Error(`cutover has no command "${command}"`);
  return [...cmd.options.map((o) => o.long!), '--help'];
};

/** The commands a template runs (`cutover X`, `$CUTOVER X`, `${cli} X`) and every --flag it passes. */
function invocations(text: string): { commands: string[]; flags: string[] } {
  const commands = [...text.matchAll(/(?:\$CUTOVER|\$\{cli\}|\bcutover)[ \t]+([a-z]+)\b/g)].map((m) => m[1]!);
  const flags = [...text.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]);
  return { commands: [...new Set(commands)], flags: [...new Set(flags)] };
}

const TEMPLATES = ['gitlab/cutover.gitlab-ci.yml', 'gitlab/.gitlab-ci.yml', 'jenkins/Jenkinsfile', 'jenkins/vars/cutoverDeploy.groovy', 'github/workflow.yml', 'github/cutover-deploy/action.yml'];

describe('CI templates', () => {
  it.each(TEMPLATES)('%s calls only cutover commands and flags that exist', (file) => {
    const { commands, flags } = invocations(read(file));
    const known = new Set(commands.flatMap(flagsOf));
    expect(flags.filter((f) => !known.has(f))).toEqual([]);
  });

  it('release through every template, with --wait, --environment and a JUnit report', () => {
    for (const file of ['gitlab/cutover.gitlab-ci.yml', 'jenkins/vars/cutoverDeploy.groovy', 'github/cutover-deploy/action.yml']) {
      const { commands, flags } = invocations(read(file));
      expect([file, commands]).toEqual([file, expect.arrayContaining(['release'])]);
      expect([file, flags]).toEqual([file, expect.arrayContaining(['--wait', '--environment', '--junit', '--approve-as'])]);
    }
  });

  it('the GitLab and GitHub files are valid YAML of the expected shape', () => {
    const jobs = YAML.parse(read('gitlab/cutover.gitlab-ci.yml')) as Record<string, { when?: string; artifacts?: { reports?: object } }>;
    expect(jobs['.cutover-release']?.artifacts?.reports).toEqual({ junit: 'cutover-$CUTOVER_ENVIRONMENT.xml' });
    expect(jobs['.cutover-approval']?.when).toBe('manual');
    const pipeline = YAML.parse(read('gitlab/.gitlab-ci.yml')) as { stages: string[] };
    expect(pipeline.stages).toEqual(['build', 'deploy-staging', 'approve-production', 'deploy-production']);
    const workflow = YAML.parse(read('github/workflow.yml')) as { jobs: Record<string, { environment?: string; needs?: string }> };
    expect(Object.entries(workflow.jobs).map(([name, job]) => [name, job.environment ?? null, job.needs ?? null])).toEqual([
      ['build', null, null],
      ['deploy-staging', 'staging', 'build'],
      ['deploy-production', 'production', 'deploy-staging'],
    ]);
    const action = YAML.parse(read('github/cutover-deploy/action.yml')) as { runs: { using: string; steps: { run?: string }[] } };
    expect(action.runs.using).toBe('composite');
    // Inputs go through env, never into the script text, so none can inject shell.
    expect(action.runs.steps.map((s) => s.run ?? '').join('\n')).not.toContain('${{');
  });

  it('the Jenkinsfile and the shared-library step parse as Groovy', async () => {
    const files = ['jenkins/Jenkinsfile', 'jenkins/vars/cutoverDeploy.groovy'].map((f) => join(CI, f));
    const { stdout } = await promisify(execFile)(join(ROOT, 'tools', 'groovy', 'parse.sh'), files, { timeout: 120_000 });
    expect(stdout.trim().split('\n')).toEqual(files.map((f) => `ok ${f}`));
  });

  it('the Groovy parser really rejects a broken pipeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-groovy-'));
    const broken = join(dir, 'Jenkinsfile');
    writeFileSync(broken, read('jenkins/Jenkinsfile').replace(/\}\s*$/, ''));
    await expect(promisify(execFile)(join(ROOT, 'tools', 'groovy', 'parse.sh'), [broken])).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining(`error ${broken}`) });
    rmSync(dir, { recursive: true });
  });
});
