export * from './router';
export * from './errors';
export * from './local/local-router';
export * from './local/traffic-counter';
