export * from './args';
export * from './bootstrap';
export * from './health.controller';
export * from './service-kit.constants';
export * from './readiness-checks';
export * from './auth';
