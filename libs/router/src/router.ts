// The one interface every traffic router implements: the local proxy now, Kubernetes
// Service selectors and EndpointSlices next. The switcher decides the desired color first,
// then calls switchTo once; switchTo is idempotent.
import type { Color, Endpoint, TrafficSample } from '@cutover/contracts';

/** Why a switch happens, recorded where the router can keep it (annotations on Kubernetes). */
export interface SwitchContext {
  deploymentId?: string;
}

/** A live color as the router itself keeps it, with the version that color runs. */
export interface RecordedLive {
  color: Color;
  version: string | null;
}

export interface Router {
  readonly kind: string;
  /** Start serving (local proxy) or reading the cluster (Kubernetes); before any other call. */
  start(): Promise<void>;
  /** Where each color's instances listen; called whenever the runtime reports a change. */
  setBackends(service: string, color: Color, endpoints: Endpoint[]): void;
  /** Point new requests at color; resolves once the change is in effect. */
  switchTo(service: string, color: Color, context?: SwitchContext): Promise<void>;
  /** Read the routing back from the router itself (not from a cache of our intent). */
  liveColor(service: string): Promise<Color | null>;
  /**
   * What the router keeps durably as live, for a Cutover whose own routing record is gone:
   * Kubernetes keeps it on the cluster; the local proxy keeps nothing across restarts (null).
   */
  recordedLive(service: string): Promise<RecordedLive | null>;
  /** Counts since the previous call (deltas), per color. */
  takeTrafficSample(service: string): TrafficSample;
  close(): Promise<void>;
}
