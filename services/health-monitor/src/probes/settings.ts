// The health part of a policy with every field present. Fields added to the policy after
// its first release are optional on the wire; here they take DEFAULT_POLICY's values.
import type { HealthThresholds, HttpProbe, Policy, PrometheusChecks } from '@cutover/contracts';
import { DEFAULT_POLICY } from '@cutover/core';

export type ProbeSpec = Required<HttpProbe>;
export type TrafficThresholds = Required<Policy['traffic']>;

export interface HealthSettings {
  probe: ProbeSpec;
  traffic: TrafficThresholds;
  health: HealthThresholds;
  prometheus: PrometheusChecks;
}

const defaults = DEFAULT_POLICY as Required<Policy> & { probe: ProbeSpec; traffic: TrafficThresholds };

export function healthSettings(policy: Policy): HealthSettings {
  return {
    probe: { ...defaults.probe, ...defined(policy.probe) },
    traffic: { ...defaults.traffic, ...defined(policy.traffic) },
    health: policy.health ?? defaults.health,
    prometheus: policy.prometheus ?? defaults.prometheus,
  };
}

/** Drops keys whose value is undefined, so they do not hide a default when spread. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
