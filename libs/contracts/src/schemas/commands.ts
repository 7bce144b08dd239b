import { Type, type Static } from '@sinclair/typebox';
import { ColorSchema, DeploymentIdSchema, EnvironmentNameSchema, EnvMapSchema, ServiceNameSchema, VersionSchema } from './common';

export const ReleaseMetadataSchema = Type.Object(
  {
    commit: Type.Optional(Type.String({ maxLength: 64 })),
    commitTime: Type.Optional(Type.String({ format: 'date-time' })),
    pipelineUrl: Type.Optional(Type.String({ maxLength: 2048 })),
    author: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);
export type ReleaseMetadata = Static<typeof ReleaseMetadataSchema>;

export const ReleaseCommandSchema = Type.Object(
  {
    service: ServiceNameSchema,
    version: VersionSchema,
    image: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    env: Type.Optional(EnvMapSchema),
    metadata: Type.Optional(ReleaseMetadataSchema),
    /** The environment the release is meant for; a Cutover of another environment refuses it. */
    environment: Type.Optional(EnvironmentNameSchema),
  },
  { additionalProperties: false },
);
export type ReleaseCommand = Static<typeof ReleaseCommandSchema>;

export const DeploymentVerbSchema = Type.Object(
  {
    deploymentId: DeploymentIdSchema,
    by: Type.Optional(Type.String({ maxLength: 256 })),
    reason: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);
export type DeploymentVerb = Static<typeof DeploymentVerbSchema>;

export const RollbackCommandSchema = Type.Object(
  {
    service: ServiceNameSchema,
    reason: Type.String({ minLength: 1, maxLength: 1024 }),
    by: Type.Optional(Type.String({ maxLength: 256 })),
    /** Set by automatic rollback: the deployment whose new color degraded. */
    deploymentId: Type.Optional(DeploymentIdSchema),
  },
  { additionalProperties: false },
);
export type RollbackCommand = Static<typeof RollbackCommandSchema>;

export const SwitchCommandSchema = Type.Object(
  {
    service: ServiceNameSchema,
    toColor: ColorSchema,
    /** Compare-and-set: the switch is refused unless this is the current live color (null: none yet). */
    expectedColor: Type.Union([ColorSchema, Type.Null()]),
    deploymentId: Type.Optional(DeploymentIdSchema),
    reason: Type.String({ maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type SwitchCommand = Static<typeof SwitchCommandSchema>;
