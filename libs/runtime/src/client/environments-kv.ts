import { environmentKey, type Color, type EnvironmentState } from '@cutover/contracts';
import type { Bus, Store } from '@cutover/messaging';

export type EnvironmentsKv = Store<'environments'>;

/** The bucket the runtime agent keeps every environment's state in, key `service.color`. */
export function environmentsKv(bus: Bus): EnvironmentsKv {
  return bus.stores('environments').environments;
}

/** The last state the agent wrote for one environment, or null if it never ran. */
export async function readEnvironment(kv: EnvironmentsKv, service: string, color: Color): Promise<EnvironmentState | null> {
  return (await kv.get(environmentKey(service, color)))?.value ?? null;
}
