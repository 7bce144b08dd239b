import { Type, type Static } from '@sinclair/typebox';
import { DeploymentIdSchema, EnvironmentNameSchema, ServiceNameSchema, Timestamp } from './common';
import { DeploymentRecordSchema } from './deployment';
import { HealthSnapshotSchema, HealthTransitionSchema } from './health';
import { RuntimeDiagnosticsSchema } from './environment';
import { RoutingStateSchema } from './routing';

export const DeadLetterSchema = Type.Object(
  {
    /** Subject the bad message arrived on. */
    subject: Type.String(),
    consumer: Type.String(),
    code: Type.String(),
    reason: Type.String(),
    receivedAt: Timestamp,
    /** The message as received, as text, cut at 64 KiB. */
    raw: Type.String(),
    truncated: Type.Boolean(),
    headers: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);
export type DeadLetter = Static<typeof DeadLetterSchema>;

/** What a notification about a deployment announces; receivers can pick the ones they want. */
export const DEPLOYMENT_EVENTS = ['started', 'awaiting-approval', 'switched', 'succeeded', 'failed', 'aborted', 'rolled-back'] as const;
export type DeploymentEventKind = (typeof DEPLOYMENT_EVENTS)[number];

export const NotificationSchema = Type.Object(
  {
    service: ServiceNameSchema,
    deploymentId: Type.Optional(DeploymentIdSchema),
    /** Set on notifications about a deployment's progress; absent on others (warnings, refusals). */
    event: Type.Optional(Type.Union(DEPLOYMENT_EVENTS.map((e) => Type.Literal(e)))),
    /** The deployment's environment, when its Cutover has one. */
    environment: Type.Optional(EnvironmentNameSchema),
    level: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
    title: Type.String(),
    text: Type.String(),
  },
  { additionalProperties: false },
);
export type Notification = Static<typeof NotificationSchema>;

export const DiagnosticsBundleSchema = Type.Object(
  {
    deploymentId: DeploymentIdSchema,
    service: ServiceNameSchema,
    createdAt: Timestamp,
    reason: Type.String(),
    deployment: DeploymentRecordSchema,
    routing: Type.Union([RoutingStateSchema, Type.Null()]),
    /** Health transitions and snapshots of the failing color, oldest first. */
    timeline: Type.Array(Type.Object({ at: Timestamp, kind: Type.String(), text: Type.String() }, { additionalProperties: false })),
    transitions: Type.Array(HealthTransitionSchema),
    lastSnapshot: Type.Union([HealthSnapshotSchema, Type.Null()]),
    runtime: Type.Union([RuntimeDiagnosticsSchema, Type.Null()]),
  },
  { additionalProperties: false },
);
export type DiagnosticsBundle = Static<typeof DiagnosticsBundleSchema>;
