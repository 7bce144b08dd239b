import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigReadError } from './errors';
import { parseConfig } from './parse';
import type { CutoverConfig } from './types';

/** Read and check a cutover.yaml. Throws ConfigReadError or ConfigError. */
export function loadConfig(path: string): CutoverConfig {
  const configPath = resolve(path);
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (cause) {
    throw new ConfigReadError(configPath, cause);
  }
  return parseConfig(text, configPath);
}
