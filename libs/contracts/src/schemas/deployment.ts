import { Type, type Static } from '@sinclair/typebox';
import { ReleaseMetadataSchema } from './commands';
import { ColorSchema, DeploymentIdSchema, EnvironmentNameSchema, EnvMapSchema, PhaseSchema, ServiceNameSchema, Timestamp, VersionSchema } from './common';
import { PolicySchema } from './policy';

export const PhaseEntrySchema = Type.Object(
  { phase: PhaseSchema, at: Timestamp, reason: Type.String() },
  { additionalProperties: false },
);
export type PhaseEntry = Static<typeof PhaseEntrySchema>;

export const DeploymentRecordSchema = Type.Object(
  {
    id: DeploymentIdSchema,
    /** Envelope id of the release command; every event of this deployment carries it as correlationId. */
    requestId: Type.Optional(Type.String({ maxLength: 128 })),
    service: ServiceNameSchema,
    version: VersionSchema,
    image: Type.Optional(Type.String()),
    env: EnvMapSchema,
    metadata: Type.Optional(ReleaseMetadataSchema),
    /** The environment of the Cutover that ran it (staging, production...), when it has one. */
    environment: Type.Optional(EnvironmentNameSchema),
    /** The color live when the release was accepted; null for the first release of a service. */
    fromColor: Type.Union([ColorSchema, Type.Null()]),
    fromVersion: Type.Union([VersionSchema, Type.Null()]),
    toColor: ColorSchema,
    phase: PhaseSchema,
    /** Machine-readable reason constant of the last transition (see core's Reasons). */
    reason: Type.String(),
    message: Type.String({ description: 'human-readable explanation of the last transition' }),
    history: Type.Array(PhaseEntrySchema),
    policy: PolicySchema,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    phaseStartedAt: Timestamp,
    verifyPasses: Type.Integer({ minimum: 0 }),
    approvedBy: Type.Optional(Type.String()),
    switchedAt: Type.Optional(Timestamp),
    firstFaultAt: Type.Optional(Timestamp),
    rolledBackAt: Type.Optional(Timestamp),
    finishedAt: Type.Optional(Timestamp),
    /** Set once the previous color was scaled down after success. */
    previousScaledDown: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DeploymentRecord = Static<typeof DeploymentRecordSchema>;

export const DeploymentEventSchema = Type.Object(
  {
    deployment: DeploymentRecordSchema,
    previousPhase: Type.Union([PhaseSchema, Type.Null()]),
  },
  { additionalProperties: false },
);
export type DeploymentEvent = Static<typeof DeploymentEventSchema>;

export const ReleaseRejectedSchema = Type.Object(
  {
    /** Envelope id of the rejected release command. */
    requestId: Type.String(),
    service: Type.Optional(Type.String()),
    version: Type.Optional(Type.String()),
    code: Type.String(),
    reason: Type.String(),
  },
  { additionalProperties: false },
);
export type ReleaseRejected = Static<typeof ReleaseRejectedSchema>;

/** Per service: which deployment is running and what ran before (newest first). */
export const ServiceStateSchema = Type.Object(
  {
    service: ServiceNameSchema,
    activeDeploymentId: Type.Union([DeploymentIdSchema, Type.Null()]),
    recentDeploymentIds: Type.Array(DeploymentIdSchema, { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type ServiceState = Static<typeof ServiceStateSchema>;
