// DI tokens of the health monitor.
export const STORES = Symbol('HealthMonitorStores');
/** This replica's name as a lease holder. */
export const INSTANCE = Symbol('HealthMonitorInstance');

/** The lease whose holder probes; the other replicas stand by. */
export const PROBING_LEASE = 'health-monitor-probing';
