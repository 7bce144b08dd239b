export { tracingRequested } from './enabled';
export { startTracing, tracingActive, type Tracing } from './start';
export { deploymentContext, deploymentParent, deploymentSpanIds, inDeploymentTrace, type DeploymentSpanIds } from './deployment-trace';
export { outgoingTraceHeaders, withIncomingTraceContext } from './message-context';
export { ATTR, cutoverAttributes, type SpanSubject } from './attributes';
export { inSpan, markFailed, recordSpan, type PastSpan } from './spans';
export { recordPhaseChange } from './deployment-spans';
