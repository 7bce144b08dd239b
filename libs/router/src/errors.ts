import { CutoverError } from '@cutover/contracts';

export class UnknownServiceError extends CutoverError {
  constructor(service: string) {
    super('unknown_service', `the router has no service "${service}"`);
  }
}

export class DuplicateServiceError extends CutoverError {
  constructor(service: string) {
    super('duplicate_service', `the router already has a service "${service}"`);
  }
}

export class RouterListenError extends CutoverError {
  constructor(service: string, host: string, port: number, options?: { cause?: unknown }) {
    super('router_listen_failed', `cannot listen for service "${service}" on ${host}:${port}`, options);
  }
}

export class UpstreamTimeoutError extends CutoverError {
  constructor(host: string, port: number, timeoutMs: number) {
    super('upstream_timeout', `upstream ${host}:${port} was silent for ${timeoutMs} ms`);
  }
}

export class UpstreamAbortedError extends CutoverError {
  constructor(host: string, port: number) {
    super('upstream_aborted', `upstream ${host}:${port} broke off its answer`);
  }
}

export class NoEndpointsError extends CutoverError {
  constructor(service: string, color: string) {
    super('no_endpoints', `the live color ${color} of service ${service} has no endpoints`);
  }
}
