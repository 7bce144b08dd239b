import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigReadError } from './errors';
import { parseConfig, type LoadOptions } from './parse';
import type { CutoverConfig } from './types';

/** Read and check a cutover.yaml, as one of its environments, with runtime settings given on the command line. Throws ConfigReadError or ConfigError. */
export function loadConfig(path: string, options: LoadOptions = {}): CutoverConfig {
  const configPath = resolve(path);
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (cause) {
    throw new ConfigReadError(configPath, cause);
  }
  return parseConfig(text, configPath, options);
}
