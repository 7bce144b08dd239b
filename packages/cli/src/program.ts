// Every command of `cutover`, as one commander program: main.ts runs it, and tests read it
// to check that the CI templates call only commands and flags that exist.
import { Command } from 'commander';
import { abortCommand } from './commands/abort';
import { approveCommand } from './commands/approve';
import { demoCommand } from './commands/demo';
import { diagnosticsCommand } from './commands/diagnostics';
import { historyCommand } from './commands/history';
import { promoteCommand } from './commands/promote';
import { releaseCommand } from './commands/release';
import { reportCommand } from './commands/report';
import { rollbackCommand } from './commands/rollback';
import { statusCommand } from './commands/status';
import { upCommand } from './commands/up';
import { watchCommand } from './commands/watch';
import type { CliContext } from './context';

export function cutoverProgram(ctx: CliContext, version: string): Command {
  return new Command('cutover')
    .description('Blue-green deployments with automated rollback')
    .version(version, '-V, --version')
    .addCommand(upCommand(ctx))
    .addCommand(releaseCommand(ctx))
    .addCommand(statusCommand(ctx))
    .addCommand(watchCommand(ctx))
    .addCommand(historyCommand(ctx))
    .addCommand(approveCommand(ctx))
    .addCommand(abortCommand(ctx))
    .addCommand(promoteCommand(ctx))
    .addCommand(rollbackCommand(ctx))
    .addCommand(diagnosticsCommand(ctx))
    .addCommand(reportCommand(ctx))
    .addCommand(demoCommand(ctx))
    .addHelpText('after', '\nExit codes: 0 done (released), 1 failed/rolled back/refused/timed out, 2 bad input, 3 Cutover unreachable.');
}
