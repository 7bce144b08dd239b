// DI tokens and fixed names of the switcher. CONFIG, CLOCK and LOGGER come from
// @cutover/service-kit, BUS from @cutover/messaging.
export const ROUTER = Symbol('switcher.Router');
export const ROUTING_KV = Symbol('switcher.RoutingKv');
export const ENVIRONMENTS_KV = Symbol('switcher.EnvironmentsKv');
export const SWITCHER_SETTINGS = Symbol('switcher.Settings');

/** Durable consumer of switch commands; replicas share it. */
export const SWITCH_DURABLE = 'switcher';

export interface SwitcherSettings {
  /** How often live traffic is sampled and published per service (ms). */
  trafficIntervalMs: number;
  /** close() of the router lets requests in flight finish for this long (ms). */
  routerCloseGraceMs: number;
}

export const DEFAULT_SWITCHER_SETTINGS: SwitcherSettings = { trafficIntervalMs: 250, routerCloseGraceMs: 5_000 };
