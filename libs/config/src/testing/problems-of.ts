import { ConfigError, type ConfigProblem } from '../errors';
import { parseConfig } from '../parse';

/** Where the specs pretend their configuration file is. */
export const SPEC_CONFIG_FILE = '/srv/cutover/cutover.yaml';

/** The smallest valid configuration: one service. Specs append the block they are about. */
export const MINIMAL_CONFIG = `
version: 1
services:
  shop:
    command: node shop.js
    router: { port: 8080 }
`;

/** The problems parseConfig names in text; fails the test when the text is accepted. */
export function problemsOf(text: string, file: string): ConfigProblem[] {
  try {
    parseConfig(text, file);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('the configuration was accepted');
}

/** The same, each problem as one `path: message` line. */
export const problemLines = (text: string, file = SPEC_CONFIG_FILE) => problemsOf(text, file).map((p) => `${p.path}: ${p.message}`);
