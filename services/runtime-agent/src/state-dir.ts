// Where the local runtime keeps the state a restarted agent adopts its instances from.
// `cutover up` names a folder inside its data folder; an agent started on its own uses
// one per configuration (and environment) in the OS temp folder, so that it too finds
// what it ran before it was killed.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CutoverConfig } from '@cutover/config';

export const STATE_DIR_VARIABLE = 'CUTOVER_STATE_DIR';

export function localStateDir(config: CutoverConfig, env: NodeJS.ProcessEnv = process.env): string {
  const given = env[STATE_DIR_VARIABLE];
  if (given) return resolve(given);
  const id = createHash('sha256').update(`${config.configPath}\0${config.environment ?? ''}`).digest('hex').slice(0, 16);
  return join(tmpdir(), `cutover-runtime-${id}`);
}
