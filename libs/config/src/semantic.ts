// Checks the schema cannot express: names, ports that would collide, commands that cannot
// be split, policies under which a deployment could never pass verification, and what the
// chosen runtime needs.
import { ServiceNameSchema } from '@cutover/contracts';
import { DEFAULT_POLICY, mergePolicy, type PolicyOverride } from '@cutover/core';
import { apiProblems } from './api-auth';
import { DEFAULT_PORTS } from './defaults';
import { ENV_NAME, ENV_NAME_RULE } from './env-names';
import { natsProblems } from './nats';
import { notificationProblems } from './notifications';
import { probeProblems } from './semantic-probes';
import { runtimeProblems } from './semantic-kubernetes';
import type { RawConfig } from './schema';
import { splitCommand } from './split-command';

/** A problem before it is placed in the file: path as segments. */
export interface RawProblem {
  path: string[];
  message: string;
}

const SERVICE_NAME = new RegExp(ServiceNameSchema.pattern!);

export function semanticProblems(raw: RawConfig): RawProblem[] {
  const problems: RawProblem[] = [];
  if (raw.version !== 1) problems.push({ path: ['version'], message: `must be 1 (the only configuration format so far), not ${raw.version}` });
  problems.push(...runtimeProblems(raw));
  if (Object.keys(raw.services).length === 0) problems.push({ path: ['services'], message: 'must name at least one service' });
  for (const [name, service] of Object.entries(raw.services)) {
    const at = ['services', name];
    if (!SERVICE_NAME.test(name)) {
      problems.push({ path: at, message: 'is not a valid service name: use 1-63 lowercase letters, digits and -, starting and ending with a letter or digit' });
    }
    if (service.command !== undefined) problems.push(...commandProblems(service.command, [...at, 'command']));
    for (const key of Object.keys(service.env ?? {})) {
      if (!ENV_NAME.test(key)) problems.push({ path: [...at, 'env', key], message: `is not a valid environment variable name (${ENV_NAME_RULE})` });
    }
    problems.push(...policyProblems(raw, name));
    problems.push(...probeProblems(service.policy as PolicyOverride | undefined, [...at, 'policy']));
  }
  problems.push(...probeProblems(raw.defaults?.policy as PolicyOverride | undefined, ['defaults', 'policy']));
  problems.push(...portProblems(raw));
  problems.push(...notificationProblems(raw.notifications, Object.keys(raw.services)));
  problems.push(...apiProblems(raw.api));
  problems.push(...natsProblems(raw.nats));
  return problems;
}

function commandProblems(command: string | string[], path: string[]): RawProblem[] {
  if (Array.isArray(command)) return command[0] ? [] : [{ path: [...path, '0'], message: 'the program must not be empty' }];
  try {
    return splitCommand(command).length > 0 ? [] : [{ path, message: 'has no words' }];
  } catch (e) {
    return [{ path, message: (e as Error).message }];
  }
}

function policyProblems(raw: RawConfig, name: string): RawProblem[] {
  const defaults = raw.defaults?.policy as PolicyOverride | undefined;
  const own = raw.services[name]!.policy as PolicyOverride | undefined;
  const policy = mergePolicy(mergePolicy(DEFAULT_POLICY, defaults), own);
  const { successesRequired, timeoutMs } = policy.verify;
  const needed = successesRequired * policy.probe.intervalMs;
  if (timeoutMs >= needed) return [];
  // Point at the level that set the deadline; the service's own policy is where to fix it otherwise.
  const fromDefaults = own?.verify?.timeoutMs === undefined && defaults?.verify?.timeoutMs !== undefined;
  const path = fromDefaults ? ['defaults', 'policy'] : ['services', name, 'policy'];
  return [
    {
      path: [...path, 'verify', 'timeoutMs'],
      message: `gives ${name} ${timeoutMs} ms to see ${successesRequired} probes ${policy.probe.intervalMs} ms apart, so verification could never pass; use at least ${needed}`,
    },
  ];
}

function portProblems(raw: RawConfig): RawProblem[] {
  const problems: RawProblem[] = [];
  const taken = new Map<number, string>();
  const claim = (port: number, path: string[]) => {
    const owner = taken.get(port);
    if (owner) problems.push({ path, message: `port ${port} is already used by ${owner}` });
    else taken.set(port, path.join('.'));
  };
  const ports = { ...DEFAULT_PORTS, ...raw.ports };
  for (const [name, port] of Object.entries(ports)) claim(port, ['ports', name]);
  // On Kubernetes every live Service has its own address; locally every proxy needs its port.
  if (raw.runtime?.kind === 'kubernetes') return problems;
  for (const [name, service] of Object.entries(raw.services)) claim(service.router.port, ['services', name, 'router', 'port']);
  return problems;
}
