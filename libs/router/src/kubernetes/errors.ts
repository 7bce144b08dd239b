import { CutoverError, type Color } from '@cutover/contracts';

/** The live Service was switched, but its EndpointSlices did not come to list only the new color in time. */
export class SwitchNotConfirmedError extends CutoverError {
  constructor(service: string, color: Color, timeoutMs: number, seen: string) {
    super('switch_not_confirmed', `service ${service} was switched to ${color}, but within ${timeoutMs} ms its EndpointSlices did not list only ${color}'s ready pods: ${seen}`);
  }
}

/** A switch to a color none of whose pods is ready would leave the live Service routing to nothing. */
export class NoReadyPodsError extends CutoverError {
  constructor(service: string, color: Color, pods: number) {
    super('no_ready_pods', `service ${service} was not switched to ${color}: none of its ${pods} pod(s) is ready, so the live Service stays as it is`);
  }
}
