// The raw shape of cutover.yaml, checked before anything is defaulted. Every object is closed
// (additionalProperties: false) so a misspelt field is named instead of silently ignored.
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { EnvironmentNameSchema, PolicySchema } from '@cutover/contracts';
import { ApiSchema } from './api-auth';
import { NatsSchema } from './nats';
import { NotificationsSchema } from './notifications';

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

// Kubernetes quantities (100m, 0.5, 128Mi); a number is read as text. The notation is
// checked with the other semantic checks, which can say what a quantity looks like.
const Quantity = Type.Union([Type.String({ maxLength: 64 }), Type.Number({ minimum: 0 })]);
const ResourceAmountsSchema = Type.Object({ cpu: Type.Optional(Quantity), memory: Type.Optional(Quantity) }, closed);

export const ServiceKubernetesSchema = Type.Object(
  {
    replicas: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    containerPort: Type.Optional(Port),
    resources: Type.Optional(
      Type.Object({ requests: Type.Optional(ResourceAmountsSchema), limits: Type.Optional(ResourceAmountsSchema) }, closed),
    ),
    /** ResourceQuota resource names (pods, requests.cpu, count/services...) to quantities. */
    quota: Type.Optional(Type.Record(Type.String(), Quantity)),
    /** Pod label -> environment variable whose value (in the release's env) it takes. */
    podLabelsFromEnv: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  closed,
);

export const ServiceSchema = Type.Object(
  {
    command: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String(), { minItems: 1 })])),
    cwd: Type.Optional(Type.String({ minLength: 1 })),
    instances: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
    env: Type.Optional(EnvValuesSchema),
    image: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    readinessPath: Type.Optional(Type.String({ pattern: '^/', maxLength: 1024 })),
    stopGracePeriodMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    router: Type.Object({ host: Type.Optional(Type.String({ minLength: 1 })), port: Port }, closed),
    kubernetes: Type.Optional(ServiceKubernetesSchema),
    policy: Type.Optional(PolicyOverrideSchema),
  },
  closed,
);
export type RawService = Static<typeof ServiceSchema>;

/** What the whole file and each of its environments may set. */
const SETTINGS = {
  nats: Type.Optional(NatsSchema),
  runtime: Type.Optional(
    Type.Object(
      {
        kind: Type.Optional(Type.String()),
        kubeconfig: Type.Optional(Type.String({ minLength: 1 })),
        mode: Type.Optional(Type.String()),
        namespacePrefix: Type.Optional(Type.String({ maxLength: 40 })),
      },
      closed,
    ),
  ),
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
  notifications: Type.Optional(NotificationsSchema),
  api: Type.Optional(ApiSchema),
};

/**
 * One environment (staging, production...): settings that replace the file's for a Cutover
 * started with --environment NAME. Objects merge field by field; lists and values replace.
 */
export const EnvironmentOverrideSchema = Type.Object(
  { ...SETTINGS, services: Type.Optional(Type.Record(Type.String(), Type.Partial(ServiceSchema, closed))) },
  closed,
);
export type RawEnvironment = Static<typeof EnvironmentOverrideSchema>;

export const RawConfigSchema = Type.Object(
  {
    version: Type.Integer(),
    ...SETTINGS,
    services: Type.Record(Type.String(), ServiceSchema),
    environments: Type.Optional(Type.Record(EnvironmentNameSchema, EnvironmentOverrideSchema)),
  },
  closed,
);
export type RawConfig = Static<typeof RawConfigSchema>;
