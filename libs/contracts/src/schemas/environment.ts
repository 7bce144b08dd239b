import { Type, type Static } from '@sinclair/typebox';
import { ColorSchema, EnvMapSchema, ServiceNameSchema, Timestamp, VersionSchema } from './common';

export const EnvironmentStatusSchema = Type.Union(
  [Type.Literal('starting'), Type.Literal('ready'), Type.Literal('failed'), Type.Literal('stopping'), Type.Literal('stopped')]
);
export type EnvironmentStatus = Static<typeof EnvironmentStatusSchema>;

export const EndpointSchema = Type.Object(
  { host: Type.String(), port: Type.Integer({ minimum: 1, maximum: 65535 }) },
  { additionalProperties: false },
);
export type Endpoint = Static<typeof EndpointSchema>;

export const InstanceExitSchema = Type.Object(
  {
    instance: Type.Integer({ minimum: 0 }),
    pid: Type.Optional(Type.Integer()),
    at: Timestamp,
    code: Type.Union([Type.Integer(), Type.Null()]),
    signal: Type.Union([Type.String(), Type.Null()]),
    expected: Type.Boolean({ description: 'true when Cutover stopped it' }),
    stderrTail: Type.Array(Type.String(), { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type InstanceExit = Static<typeof InstanceExitSchema>;

/** What the runtime knows of one environment; stored in KV and published on change. */
export const EnvironmentStateSchema = Type.Object(
  {
    service: ServiceNameSchema,
    color: ColorSchema,
    version: Type.Union([VersionSchema, Type.Null()]),
    /** Hash of (version, image, env) so a retried ensure for the same release is a no-op. */
    specHash: Type.Union([Type.String(), Type.Null()]),
    status: EnvironmentStatusSchema,
    reason: Type.String(),
    message: Type.String(),
    endpoints: Type.Array(EndpointSchema),
    exits: Type.Array(InstanceExitSchema, { maxItems: 50 }),
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);
export type EnvironmentState = Static<typeof EnvironmentStateSchema>;

export const EnsureEnvironmentSchema = Type.Object(
  {
    service: ServiceNameSchema,
    color: ColorSchema,
    version: VersionSchema,
    image: Type.Optional(Type.String()),
    env: EnvMapSchema,
  },
  { additionalProperties: false },
);
export type EnsureEnvironment = Static<typeof EnsureEnvironmentSchema>;

export const ScaleDownSchema = Type.Object(
  { service: ServiceNameSchema, color: ColorSchema, reason: Type.String() },
  { additionalProperties: false },
);
export type ScaleDown = Static<typeof ScaleDownSchema>;

export const RuntimeDiagnosticsRequestSchema = Type.Object(
  { service: ServiceNameSchema, color: ColorSchema },
  { additionalProperties: false },
);
export type RuntimeDiagnosticsRequest = Static<typeof RuntimeDiagnosticsRequestSchema>;

export const RuntimeDiagnosticsSchema = Type.Object(
  {
    environment: Type.Union([EnvironmentStateSchema, Type.Null()]),
    /** Runtime-specific details: process list and stderr tails locally, pod statuses/events/logs on Kubernetes. */
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type RuntimeDiagnostics = Static<typeof RuntimeDiagnosticsSchema>;
