import type { CliContext } from '../context';
import { verbCommand } from '../deployment-verb';

export const approveCommand = (ctx: CliContext) =>
  verbCommand(ctx, 'approve', 'Approve a deployment waiting in AwaitingApproval: traffic switches to the new color');
