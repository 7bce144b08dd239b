import { Type, type Static } from '@sinclair/typebox';
import { ColorSchema, HealthStateSchema, ServiceNameSchema, Timestamp, VersionSchema } from './common';

export const ProbeResultSchema = Type.Object(
  {
    at: Timestamp,
    target: Type.String({ description: 'what was probed, e.g. http://127.0.0.1:41234/healthz or router:live-traffic' }),
    ok: Type.Boolean(),
    status: Type.Optional(Type.Integer()),
    latencyMs: Type.Optional(Type.Number()),
    error: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ProbeResult = Static<typeof ProbeResultSchema>;

export const HealthSnapshotSchema = Type.Object(
  {
    service: ServiceNameSchema,
    color: ColorSchema,
    version: Type.Union([VersionSchema, Type.Null()]),
    state: HealthStateSchema,
    at: Timestamp,
    consecutiveFailures: Type.Integer({ minimum: 0 }),
    consecutiveSuccesses: Type.Integer({ minimum: 0 }),
    /** Live traffic of this color in the window, when it receives any. */
    traffic: Type.Optional(
      Type.Object(
        {
          requests: Type.Integer({ minimum: 0 }),
          errorRate: Type.Number({ minimum: 0, maximum: 1 }),
          p95Ms: Type.Union([Type.Number(), Type.Null()]),
          p99Ms: Type.Union([Type.Number(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    lastProbe: Type.Union([ProbeResultSchema, Type.Null()]),
    /** The most recent failed probes, newest last. */
    recentFailures: Type.Array(ProbeResultSchema, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type HealthSnapshot = Static<typeof HealthSnapshotSchema>;

export const HealthTransitionSchema = Type.Object(
  {
    service: ServiceNameSchema,
    color: ColorSchema,
    version: Type.Union([VersionSchema, Type.Null()]),
    from: HealthStateSchema,
    to: HealthStateSchema,
    at: Timestamp,
    /** When the first failure of the run that caused this transition was seen. */
    firstFailureAt: Type.Optional(Timestamp),
    reason: Type.String(),
    snapshot: HealthSnapshotSchema,
  },
  { additionalProperties: false },
);
export type HealthTransition = Static<typeof HealthTransitionSchema>;
