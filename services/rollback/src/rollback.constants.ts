// DI tokens of the rollback service.
export const STORES = Symbol('RollbackStores');
export const RUNTIME_CLIENT = Symbol('RuntimeClient');
export const SWITCH_BACK = Symbol('SwitchBack');
