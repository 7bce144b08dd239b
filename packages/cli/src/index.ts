// What other packages (e2e tests, tools) use of the CLI: the local stack, started and
// stopped the way `cutover up` does it.
export { startStack, type ComponentInfo, type Stack, type StackOptions, type UnexpectedExit } from './up/stack';
export type { ChildExit } from './up/child';
export { StartInterruptedError } from './up/wait-ready';
export { releaseAndFollow } from './demo/follow-deployment';
export { Timeline } from './demo/timeline';
export { cutoverProgram } from './program';
export type { CliContext } from './context';
