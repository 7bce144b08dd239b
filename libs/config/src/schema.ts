// The raw shape of cutover.yaml, checked before anything is defaulted. Every object is closed
// (additionalProperties: false) so a misspelt field is named instead of silently ignored.
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { PolicySchema } from '@cutover/contracts';

const closed = { additionalProperties: false } as const;
const Port = Type.Integer({ minimum: 1, maximum: 65535 });

/** Any subset of a policy: every field optional, at every level, with the policy's own limits. */
export const PolicyOverrideSchema = Type.Object(
  Object.fromEntries(
    Object.entries(PolicySchema.properties).map(([key, schema]: [string, TSchema]) => [
      key,
      Type.Optional(schema.type === 'object' ? Type.Partial(schema as TObject, closed) : schema),
    ]),
  ) as TProperties,
  closed,
);

// YAML turns PORT: 8080 into a number; values are made text when the config is built.
const EnvValuesSchema = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 4096 }), Type.Number(), Type.Boolean()]));

export const ServiceSchema = Type.Object(
  {
    command: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String(), { minItems: 1 })]),
    cwd: Type.Optional(Type.String({ minLength: 1 })),
    instances: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
    env: Type.Optional(EnvValuesSchema),
    readinessPath: Type.Optional(Type.String({ pattern: '^/', maxLength: 1024 })),
    stopGracePeriodMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    router: Type.Object({ host: Type.Optional(Type.String({ minLength: 1 })), port: Port }, closed),
    policy: Type.Optional(PolicyOverrideSchema),
  },
  closed,
);
export type RawService = Static<typeof ServiceSchema>;

export const RawConfigSchema = Type.Object(
  {
    version: Type.Integer(),
    nats: Type.Optional(Type.Object({ url: Type.Optional(Type.String({ minLength: 1 })) }, closed)),
    runtime: Type.Optional(Type.Object({ kind: Type.Optional(Type.String()) }, closed)),
    ports: Type.Optional(
      Type.Object(
        {
          orchestrator: Type.Optional(Port),
          healthMonitor: Type.Optional(Port),
          switcher: Type.Optional(Port),
          rollback: Type.Optional(Port),
          runtimeAgent: Type.Optional(Port),
        },
        closed,
      ),
    ),
    defaults: Type.Optional(Type.Object({ policy: Type.Optional(PolicyOverrideSchema) }, closed)),
    services: Type.Record(Type.String(), ServiceSchema),
  },
  closed,
);
export type RawConfig = Static<typeof RawConfigSchema>;
