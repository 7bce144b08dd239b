import { ENV_NAME, ENV_NAME_RULE } from './env-names';
import { InvalidEnvAssignmentError } from './errors';

/**
 * ["KEY=VALUE", ...] → { KEY: 'VALUE' }. The value is everything after the first '=' and
 * may be empty; a later assignment of the same name wins, as in a shell.
 */
export function parseEnvAssignments(assignments: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq < 0) throw new InvalidEnvAssignmentError(assignment, 'expected KEY=VALUE');
    const name = assignment.slice(0, eq);
    if (!ENV_NAME.test(name)) throw new InvalidEnvAssignmentError(assignment, `${JSON.stringify(name)} is not a valid variable name (${ENV_NAME_RULE})`);
    env[name] = assignment.slice(eq + 1);
  }
  return env;
}
