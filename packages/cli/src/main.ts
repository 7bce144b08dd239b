#!/usr/bin/env node
// The `cutover` command: wiring only. Each command lives in commands/; this file turns
// whatever they throw into one line on stderr and the documented exit code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError, ConfigReadError, formatConfigProblem } from '@cutover/config';
import { CutoverError } from '@cutover/contracts';
import { systemClock } from '@cutover/core';
import type { CliContext } from './context';
import { cutoverProgram } from './program';
import { CliError } from './errors';
import { ExitCode } from './exit-codes';
import { stdout } from './output';

/** A command-line mistake caught by commander, with the command it happened in. */
class CommandLineError extends CutoverError {
  constructor(
    readonly command: Command,
    readonly commander: CommanderError,
  ) {
    super('usage', commander.message, { cause: commander });
  }
}

const ctx: CliContext = {
  out: stdout,
  note: (text) => process.stderr.write(`${text}\n`),
  clock: systemClock,
  env: process.env,
};

const version = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

const program = cutoverProgram(ctx, version);

for (const cmd of [program, ...program.commands]) {
  cmd
    .exitOverride((err) => {
      throw new CommandLineError(cmd, err);
    })
    .configureOutput({ outputError: () => undefined })
    .showSuggestionAfterError();
}

function fail(code: ExitCode, message: string, details: string[] = []): never {
  process.stderr.write(`cutover: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  for (const line of details) process.stderr.write(`  | ${line}\n`);
  process.exit(code);
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommandLineError) {
      const { code, message } = err.commander;
      if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(ExitCode.ok);
      // Help was already printed (to stderr) because no command was given.
      if (code === 'commander.help') process.exit(ExitCode.usage);
      fail(ExitCode.usage, `${message.replace(/^error: /, '')} (see \`${commandPath(err.command)} --help\`)`);
    }
    if (err instanceof CliError) fail(err.exitCode, err.message, err.details);
    if (err instanceof ConfigError) fail(ExitCode.usage, `invalid configuration ${err.file}: ${err.problems.map(formatConfigProblem).join('; ')}`);
    if (err instanceof ConfigReadError) fail(ExitCode.usage, err.message);
    fail(ExitCode.failed, err instanceof Error ? err.message : String(err));
  }
  process.exit(ExitCode.ok);
}

void main();
