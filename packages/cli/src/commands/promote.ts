import type { CliContext } from '../context';
import { verbCommand } from '../deployment-verb';

export const promoteCommand = (ctx: CliContext) =>
  verbCommand(ctx, 'promote', 'Skip the remaining wait: approval (AwaitingApproval → Switching) or monitoring (Monitoring → Succeeded)');
