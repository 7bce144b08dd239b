// DI tokens of the health monitor.
export const STORES = Symbol('HealthMonitorStores');
