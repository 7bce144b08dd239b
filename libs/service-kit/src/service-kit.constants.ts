// DI tokens shared by every Cutover service's Nest module.
export const CONFIG = Symbol('CutoverConfig');
export const CLOCK = Symbol('Clock');
export const LOGGER = Symbol('Logger');
export const METRICS = Symbol('CutoverMetrics');
export const READINESS_CHECKS = Symbol('ReadinessChecks');
export const API_AUTH = Symbol('ApiAuth');
