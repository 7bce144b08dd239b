import { Type, type Static } from '@sinclair/typebox';

const ms = (description: string, minimum = 0) => Type.Integer({ minimum, maximum: 86_400_000, description });

export const HttpProbeSchema = Type.Object(
  {
    path: Type.String({ pattern: '^/', maxLength: 1024, description: 'HTTP path probed on every instance' }),
    intervalMs: ms('time between probes of one environment', 50),
    timeoutMs: ms('probe timeout', 10),
    expectedStatus: Type.Integer({ minimum: 100, maximum: 599 }),
    failureThreshold: Type.Integer({ minimum: 1, maximum: 100, description: 'consecutive failures that degrade' }),
    successThreshold: Type.Integer({ minimum: 1, maximum: 100, description: 'consecutive successes that recover' }),
  },
  { additionalProperties: false },
);
export type HttpProbe = Static<typeof HttpProbeSchema>;

export const TrafficThresholdSchema = Type.Object(
  {
    maxErrorRate: Type.Number({ minimum: 0, maximum: 1, description: 'share of 5xx in the window that degrades the live color' }),
    minRequests: Type.Integer({ minimum: 1, description: 'requests needed in the window before the rate counts' }),
    windowMs: ms('rolling window for live traffic', 100),
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object(
  {
    readinessTimeoutMs: ms('Preparing: how long the new color may take to become ready', 100),
    verify: Type.Object(
      {
        successesRequired: Type.Integer({ minimum: 1, maximum: 1000, description: 'probes in a row that must pass before the switch' }),
        timeoutMs: ms('Verifying: deadline for those probes', 100),
      },
      { additionalProperties: false },
    ),
    approval: Type.Object(
      {
        required: Type.Boolean(),
        timeoutMs: Type.Union([ms('abort when nobody approves in time', 1000), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    monitorWindowMs: ms('Monitoring: how long the new color is watched before Succeeded'),
    scaleDownDelayMs: ms('how long the previous color stays warm after Succeeded'),
    probe: HttpProbeSchema,
    traffic: TrafficThresholdSchema,
  },
  { additionalProperties: false },
);
export type Policy = Static<typeof PolicySchema>;
