// DI tokens of the orchestrator.
export const STORES = Symbol('OrchestratorStores');
export const RUNTIME_CLIENT = Symbol('RuntimeClient');
