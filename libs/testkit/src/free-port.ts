export { freePort, portFree } from '@cutover/runtime';
