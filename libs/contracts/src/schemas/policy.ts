import { Type, type Static, type TSchema } from '@sinclair/typebox';

const ms = (description: string, minimum = 0) => Type.Integer({ minimum, maximum: 86_400_000, description });
const orNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const closed = { additionalProperties: false } as const;

export const PROBE_KINDS = ['http', 'tcp'] as const;
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;

/** What a passing HTTP answer's body must hold: a substring, or a match of a regular expression. */
export const BodyMatchSchema = Type.Union([
  Type.Object({ contains: Type.String({ minLength: 1, maxLength: 4096 }) }, closed),
  Type.Object({ regex: Type.String({ minLength: 1, maxLength: 1024 }) }, closed),
]);
export type BodyMatch = Static<typeof BodyMatchSchema>;

// Fields added after the first release are optional on the wire, so deployment records
// written before them still decode; configuration always fills them from DEFAULT_POLICY.
export const HttpProbeSchema = Type.Object(
  {
    kind: Type.Optional(Type.Union(PROBE_KINDS.map((k) => Type.Literal(k)), { description: 'http: a request per instance; tcp: a connect per instance' })),
    method: Type.Optional(Type.Union(HTTP_METHODS.map((m) => Type.Literal(m)))),
    path: Type.String({ pattern: '^/', maxLength: 1024, description: 'HTTP path probed on every instance' }),
    intervalMs: ms('time between probes of one environment', 50),
    timeoutMs: ms('probe timeout', 10),
    expectedStatus: Type.Integer({ minimum: 100, maximum: 599 }),
    body: Type.Optional(orNull(BodyMatchSchema)),
    maxLatencyMs: Type.Optional(orNull(ms('an answer slower than this fails the probe', 1))),
    failureThreshold: Type.Integer({ minimum: 1, maximum: 100, description: 'consecutive failures that degrade' }),
    successThreshold: Type.Integer({ minimum: 1, maximum: 100, description: 'consecutive successes that recover' }),
  },
  closed,
);
export type HttpProbe = Static<typeof HttpProbeSchema>;

export const TrafficThresholdSchema = Type.Object(
  {
    maxErrorRate: Type.Number({ minimum: 0, maximum: 1, description: 'share of 5xx in the window that degrades the live color' }),
    warnErrorRate: Type.Optional(orNull(Type.Number({ minimum: 0, maximum: 1, description: 'share of 5xx that notifies (warning) without degrading' }))),
    maxP95Ms: Type.Optional(orNull(ms('p95 latency of live requests that degrades', 1))),
    maxP99Ms: Type.Optional(orNull(ms('p99 latency of live requests that degrades', 1))),
    warnP99Ms: Type.Optional(orNull(ms('p99 latency of live requests that notifies (warning)', 1))),
    minRequests: Type.Integer({ minimum: 1, description: 'requests needed in the window before the rate counts' }),
    windowMs: ms('rolling window for live traffic', 100),
  },
  closed,
);

/** Thresholds over the rolling window of probe rounds, next to probe's in-a-row counts. */
export const HealthThresholdSchema = Type.Object(
  {
    windowMs: ms('rolling window of probe rounds', 100),
    minSamples: Type.Integer({ minimum: 1, maximum: 100_000, description: 'rounds in the window before the rate and latency count' }),
    minSuccessRate: Type.Number({ minimum: 0, maximum: 1, description: 'share of passing rounds below which the color degrades; 0 turns it off' }),
    warnSuccessRate: orNull(Type.Number({ minimum: 0, maximum: 1, description: 'share of passing rounds below which a warning is sent' })),
    maxLatencyMs: orNull(ms('p95 probe latency in the window that degrades', 1)),
    warnLatencyMs: orNull(ms('p95 probe latency in the window that sends a warning', 1)),
  },
  closed,
);
export type HealthThresholds = Static<typeof HealthThresholdSchema>;

/** A PromQL query whose single value must lie in [min, max], like Flagger's metric checks. */
export const MetricCheckSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'names the check in reasons' }),
    query: Type.String({ minLength: 1, maxLength: 8192, description: 'PromQL; {{service}}, {{color}} and {{version}} are replaced' }),
    min: Type.Optional(orNull(Type.Number())),
    max: Type.Optional(orNull(Type.Number())),
  },
  closed,
);
export type MetricCheck = Static<typeof MetricCheckSchema>;

export const PrometheusSchema = Type.Object(
  {
    url: orNull(Type.String({ pattern: '^https?://', maxLength: 2048, description: 'base URL of the Prometheus HTTP API; null: no metric checks' })),
    intervalMs: ms('time between evaluations of the checks of one environment', 100),
    timeoutMs: ms('query timeout', 10),
    checks: Type.Array(MetricCheckSchema, { maxItems: 20 }),
  },
  closed,
);
export type PrometheusChecks = Static<typeof PrometheusSchema>;

export const PolicySchema = Type.Object(
  {
    readinessTimeoutMs: ms('Preparing: how long the new color may take to become ready', 100),
    verify: Type.Object(
      {
        successesRequired: Type.Integer({ minimum: 1, maximum: 1000, description: 'probes in a row that must pass before the switch' }),
        timeoutMs: ms('Verifying: deadline for those probes', 100),
      },
      closed,
    ),
    approval: Type.Object(
      {
        required: Type.Boolean(),
        timeoutMs: Type.Union([ms('abort when nobody approves in time', 1000), Type.Null()]),
      },
      closed,
    ),
    monitorWindowMs: ms('Monitoring: how long the new color is watched before Succeeded'),
    scaleDownDelayMs: ms('how long the previous color stays warm after Succeeded'),
    probe: HttpProbeSchema,
    traffic: TrafficThresholdSchema,
    health: Type.Optional(HealthThresholdSchema),
    prometheus: Type.Optional(PrometheusSchema),
  },
  closed,
);
export type Policy = Static<typeof PolicySchema>;
