import { Type, type Static } from '@sinclair/typebox';

export const COLORS = ['blue', 'green'] as const;
export const ColorSchema = Type.Union([Type.Literal('blue'), Type.Literal('green')]);
export type Color = Static<typeof ColorSchema>;
export const otherColor = (c: Color): Color => (c === 'blue' ? 'green' : 'blue');

export const PHASES = [
  'Requested',
  'Preparing',
  'Verifying',
  'AwaitingApproval',
  'Switching',
  'Monitoring',
  'Succeeded',
  'Failed',
  'RollingBack',
  'RolledBack',
  'Aborted',
] as const;
export type Phase = (typeof PHASES)[number];
export const PhaseSchema = Type.Union(PHASES.map((p) => Type.Literal(p)));
export const TERMINAL_PHASES: readonly Phase[] = ['Succeeded', 'Failed', 'RolledBack', 'Aborted'];
export const isTerminal = (p: Phase) => TERMINAL_PHASES.includes(p);

export const ServiceNameSchema = Type.String({
  pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
  description: 'DNS-label style name: lowercase letters, digits and -, at most 63 characters',
});

export const EnvironmentNameSchema = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,30}$',
  description: 'an environment of cutover.yaml (staging, production...): lowercase letters, digits and -',
});

// Semantic version 2.0.0, with an optional leading "v".
export const VersionSchema = Type.String({
  pattern:
    '^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$',
  maxLength: 128,
  description: 'semantic version such as 1.8.0 or 2.0.0-rc.1',
});

export const EnvMapSchema = Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 256 }), Type.String({ maxLength: 4096 }), {
  description: 'environment variables for the release; names are shell identifiers',
  additionalProperties: false,
  maxProperties: 200,
});

export const DeploymentIdSchema = Type.String({ pattern: '^[a-z0-9-]{1,63}-[0-9a-z]{6,40}$', maxLength: 120 });

export const Timestamp = Type.String({ format: 'date-time' });

export const HealthStateSchema = Type.Union(
  [Type.Literal('healthy'), Type.Literal('degraded'), Type.Literal('unhealthy'), Type.Literal('unknown')]
);
export type HealthState = Static<typeof HealthStateSchema>;
