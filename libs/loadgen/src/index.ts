export * from './load-generator';
