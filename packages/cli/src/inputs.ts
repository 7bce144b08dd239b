// Checks on what the user typed, made before anything is sent: a bad value is exit 2 with
// the reason, never a message Cutover has to refuse.
import { parseEnvAssignments } from '@cutover/config';
import { DeploymentIdSchema, ServiceNameSchema, ValidationError, VersionSchema, validate } from '@cutover/contracts';
import { UsageError } from './errors';

export function serviceName(value: string): string {
  return check(ServiceNameSchema, value, () =>
    `invalid service name "${value}": use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
  );
}

export function version(value: string): string {
  return check(VersionSchema, value, () => `invalid version "${value}": use a semantic version such as 1.8.0 or 2.0.0-rc.1`);
}

export function deploymentId(value: string): string {
  return check(DeploymentIdSchema, value, () =>
    `invalid deployment id "${value}": \`cutover history SERVICE\` lists the ids of a service's deployments`,
  );
}

/** KEY=VALUE assignments, repeated; a later one for the same key wins. */
export function envAssignments(values: string[]): Record<string, string> {
  try {
    return parseEnvAssignments(values);
  } catch (cause) {
    throw new UsageError(`invalid --env: ${(cause as Error).message}`, { cause });
  }
}

function check(schema: Parameters<typeof validate>[0], value: string, message: () => string): string {
  try {
    validate(schema, value, 'value');
    return value;
  } catch (cause) {
    if (cause instanceof ValidationError) throw new UsageError(message(), { cause });
    throw cause;
  }
}
