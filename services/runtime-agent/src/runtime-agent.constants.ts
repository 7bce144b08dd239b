// DI tokens of the runtime agent.
export const RUNTIME = Symbol('Runtime');
export const ENVIRONMENTS_KV = Symbol('EnvironmentsKv');
