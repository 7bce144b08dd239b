import type { CliContext } from '../context';
import { verbCommand } from '../deployment-verb';

export const abortCommand = (ctx: CliContext) =>
  verbCommand(ctx, 'abort', 'Abort a deployment before it switches traffic; the new color is scaled down');
