export { freePort } from '@cutover/runtime';
