import { EnvironmentStateSchema, buckets, environmentKey, type Color, type EnvironmentState } from '@cutover/contracts';
import type { Bus, TypedKv } from '@cutover/messaging';

export type EnvironmentsKv = TypedKv<typeof EnvironmentStateSchema>;

/** The bucket the runtime agent keeps every environment's state in, key `service.color`. */
export function environmentsKv(bus: Bus): EnvironmentsKv {
  return bus.kv(buckets.environments, EnvironmentStateSchema);
}

/** The last state the agent wrote for one environment, or null if it never ran. */
export async function readEnvironment(kv: EnvironmentsKv, service: string, color: Color): Promise<EnvironmentState | null> {
  return (await kv.get(environmentKey(service, color)))?.value ?? null;
}
