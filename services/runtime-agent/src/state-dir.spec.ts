import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CutoverConfig } from '@cutover/config';
import { localStateDir } from './state-dir';

const config = (environment: string | null) => ({ configPath: '/etc/cutover/cutover.yaml', environment }) as CutoverConfig;

describe('localStateDir', () => {
  it('is CUTOVER_STATE_DIR when given (as cutover up does), made absolute', () => {
    expect(localStateDir(config(null), { CUTOVER_STATE_DIR: 'data/runtime' })).toBe(join(process.cwd(), 'data/runtime'));
  });

  it('is otherwise one folder per configuration and environment in the temp folder, the same on every start', () => {
    const plain = localStateDir(config(null), {});
    expect(plain.startsWith(join(tmpdir(), 'cutover-runtime-'))).toBe(true);
    expect(localStateDir(config(null), {})).toBe(plain);
    expect(localStateDir(config('staging'), {})).not.toBe(plain);
  });
});
