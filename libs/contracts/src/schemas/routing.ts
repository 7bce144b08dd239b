import { Type, type Static } from '@sinclair/typebox';
import { ColorSchema, DeploymentIdSchema, ServiceNameSchema, Timestamp, VersionSchema } from './common';

export const SwitchResultSchema = Type.Object(
  {
    /** Envelope id of the switch command this answers. */
    commandId: Type.String(),
    service: ServiceNameSchema,
    deploymentId: Type.Optional(DeploymentIdSchema),
    ok: Type.Boolean(),
    fromColor: Type.Union([ColorSchema, Type.Null()]),
    toColor: ColorSchema,
    /** Machine-readable failure: stale_expected_color, environment_not_ready, router_error. */
    code: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
    durationMs: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type SwitchResult = Static<typeof SwitchResultSchema>;

export const RoutingEntrySchema = Type.Object(
  {
    at: Timestamp,
    fromColor: Type.Union([ColorSchema, Type.Null()]),
    toColor: ColorSchema,
    version: Type.Union([VersionSchema, Type.Null()]),
    deploymentId: Type.Optional(DeploymentIdSchema),
    reason: Type.String(),
  },
  { additionalProperties: false },
);

export const RoutingStateSchema = Type.Object(
  {
    service: ServiceNameSchema,
    liveColor: Type.Union([ColorSchema, Type.Null()]),
    liveVersion: Type.Union([VersionSchema, Type.Null()]),
    updatedAt: Timestamp,
    history: Type.Array(RoutingEntrySchema, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type RoutingState = Static<typeof RoutingStateSchema>;

const LatencyHistogramSchema = Type.Object(
  {
    /** Upper bounds in milliseconds; counts[i] is requests with latency <= bounds[i] (last bucket +Inf). */
    boundsMs: Type.Array(Type.Number()),
    counts: Type.Array(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const ColorTrafficSchema = Type.Object(
  {
    requests: Type.Integer({ minimum: 0 }),
    errors5xx: Type.Integer({ minimum: 0 }),
    /** Requests that could not reach the color at all (connection refused, reset). */
    upstreamFailures: Type.Integer({ minimum: 0 }),
    latency: LatencyHistogramSchema,
  },
  { additionalProperties: false },
);
export type ColorTraffic = Static<typeof ColorTrafficSchema>;

/** Counts since the previous sample (deltas), per color, for one service. */
export const TrafficSampleSchema = Type.Object(
  {
    service: ServiceNameSchema,
    liveColor: Type.Union([ColorSchema, Type.Null()]),
    intervalMs: Type.Number({ minimum: 0 }),
    blue: ColorTrafficSchema,
    green: ColorTrafficSchema,
  },
  { additionalProperties: false },
);
export type TrafficSample = Static<typeof TrafficSampleSchema>;
