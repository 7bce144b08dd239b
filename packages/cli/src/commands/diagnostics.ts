// cutover diagnostics DEPLOYMENT: the bundle the rollback service saved, as a report.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../context';
import { OperationFailedError, UsageError } from '../errors';
import * as inputs from '../inputs';
import { renderDiagnostics } from '../render/diagnostics';
import { withBus, withNatsOptions } from '../session';
import { openStores } from '../stores';

interface DiagnosticsFlags {
  out?: string;
  json?: boolean;
  nats?: string;
  config?: string;
}

export function diagnosticsCommand(ctx: CliContext): Command {
  const cmd = new Command('diagnostics')
    .description('Show why a deployment was rolled back: reason, timeline, failing probes, process exits and stderr')
    .argument('<deployment>', 'deployment id')
    .option('--out <file>', 'also write the whole bundle as JSON to this file')
    .option('--json', 'print the bundle as JSON instead of the report');
  return withNatsOptions(cmd).action((id: string, flags: DiagnosticsFlags) => diagnostics(ctx, id, flags));
}

async function diagnostics(ctx: CliContext, id: string, flags: DiagnosticsFlags): Promise<void> {
  inputs.deploymentId(id);
  await withBus(flags, ctx, async (bus) => {
    const stores = openStores(bus);
    const bundle = await stores.diagnostics.get(id);
    if (!bundle) {
      const record = await stores.deployments.get(id);
      throw new OperationFailedError(
        record
          ? `no diagnostics for ${id}: it is ${record.value.phase}; bundles are saved when a deployment is rolled back`
          : `no deployment "${id}"`,
      );
    }
    if (flags.out) {
      const file = resolve(flags.out);
      try {
        writeFileSync(file, `${JSON.stringify(bundle.value, null, 2)}\n`);
      } catch (cause) {
        throw new UsageError(`cannot write ${file}: ${(cause as Error).message}`, { cause });
      }
      ctx.note(`diagnostics bundle written to ${file}`);
    }
    if (flags.json) return ctx.out.json(bundle.value);
    renderDiagnostics(bundle.value).forEach((line) => ctx.out.line(line));
  });
}
