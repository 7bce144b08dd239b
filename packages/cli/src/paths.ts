// The CLI finds the repository from its own location (packages/cli/src or packages/cli/dist
// are both two levels below the repo root's packages/), so `cutover up` works from any cwd.
import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');

export const defaultConfigPath = resolve(repoRoot, 'examples', 'cutover.yaml');

export const serviceEntryPoint = (dir: string) => resolve(repoRoot, 'services', dir, 'dist', 'main.js');
