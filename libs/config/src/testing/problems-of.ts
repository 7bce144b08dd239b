import { ConfigError, type ConfigProblem } from '../errors';
import { parseConfig } from '../parse';

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
