import { Type, type Static } from '@sinclair/typebox';
import { ColorSchema, HealthStateSchema, ServiceNameSchema, Timestamp, VersionSchema } from './common';

export const PROBE_RESULT_KINDS = ['http', 'tcp', 'runtime', 'prometheus'] as const;
export const ProbeKindSchema = Type.Union(
  PROBE_RESULT_KINDS.map((k) => Type.Literal(k)),
  { description: 'which kind of probe produced the result' },
);

export const ProbeResultSchema = Type.Object(
  {
    at: Timestamp,
    target: Type.String({ description: 'what was probed, e.g. http://127.0.0.1:41234/healthz or router:live-traffic' }),
    kind: Type.Optional(ProbeKindSchema),
    ok: Type.Boolean(),
    status: Type.Optional(Type.Integer()),
    latencyMs: Type.Optional(Type.Number()),
    error: Type.Optional(Type.String()),
    /** The value a metric check read, when it read one. */
    value: Type.Optional(Type.Number()),
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
    /** Probe rounds in the rolling window of policy.health, when it holds any. */
    window: Type.Optional(
      Type.Object(
        {
          samples: Type.Integer({ minimum: 0 }),
          successRate: Type.Number({ minimum: 0, maximum: 1 }),
          p95LatencyMs: Type.Union([Type.Number(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    /** The latest result of each Prometheus check; one without a value (no data, query failed) says nothing. */
    checks: Type.Optional(Type.Array(ProbeResultSchema, { maxItems: 20 })),
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
