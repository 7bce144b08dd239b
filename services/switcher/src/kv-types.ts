import type { EnvironmentStateSchema, RoutingStateSchema } from '@cutover/contracts';
import type { TypedKv } from '@cutover/messaging';

export type RoutingKv = TypedKv<typeof RoutingStateSchema>;
export type EnvironmentsKv = TypedKv<typeof EnvironmentStateSchema>;
