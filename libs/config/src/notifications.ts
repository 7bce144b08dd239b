// Where notifications go: receivers (a plain webhook, a Slack-compatible or a Microsoft
// Teams-compatible incoming webhook), which levels and services each one hears, and how
// hard delivery tries before the notification is dead-lettered.
import { Type, type Static } from '@sinclair/typebox';
import { DEPLOYMENT_EVENTS, type DeploymentEventKind } from '@cutover/contracts';
import type { RawProblem } from './semantic';

const closed = { additionalProperties: false } as const;
const Level = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]);
export type NotificationLevel = Static<typeof Level>;
export const RECEIVER_KINDS = ['webhook', 'slack', 'teams'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

export const NotificationsSchema = Type.Object(
  {
    receivers: Type.Array(
      Type.Object(
        {
          /** Also the dead-letter consumer name: cutover.dlq.notify-<name>. */
          name: Type.String({ pattern: '^[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$' }),
          kind: Type.Union(RECEIVER_KINDS.map((k) => Type.Literal(k))),
          url: Type.String({ minLength: 1, maxLength: 2048 }),
          levels: Type.Optional(Type.Array(Level, { minItems: 1, uniqueItems: true })),
          /** Which deployment events it hears; notifications that are no deployment event (warnings...) go by level only. */
          events: Type.Optional(Type.Array(Type.Union(DEPLOYMENT_EVENTS.map((e) => Type.Literal(e))), { minItems: 1, uniqueItems: true })),
          services: Type.Optional(Type.Array(Type.String(), { minItems: 1, uniqueItems: true })),
          headers: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]+$' }), Type.String({ maxLength: 4096 }))),
        },
        closed,
      ),
      { maxItems: 50 },
    ),
    retry: Type.Optional(
      Type.Object(
        {
          attempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
          initialDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
          maxDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
          timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000 })),
        },
        closed,
      ),
    ),
  },
  closed,
);
export type RawNotifications = Static<typeof NotificationsSchema>;

export interface NotificationReceiver {
  name: string;
  kind: ReceiverKind;
  url: string;
  levels: NotificationLevel[];
  events: DeploymentEventKind[];
  /** null: every service. */
  services: string[] | null;
  headers: Record<string, string>;
}

export interface NotificationRetry {
  /** Tries per receiver, the first included. */
  attempts: number;
  /** Before the second try; doubled each time up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Per request. */
  timeoutMs: number;
}

export interface NotificationsConfig {
  receivers: NotificationReceiver[];
  retry: NotificationRetry;
}

export const NOTIFICATION_DEFAULTS = {
  levels: ['info', 'warning', 'critical'] as NotificationLevel[],
  retry: { attempts: 5, initialDelayMs: 500, maxDelayMs: 8_000, timeoutMs: 5_000 } satisfies NotificationRetry,
};

export function buildNotifications(raw: RawNotifications | undefined): NotificationsConfig {
  return {
    receivers: (raw?.receivers ?? []).map((r) => ({
      name: r.name,
      kind: r.kind,
      url: r.url,
      levels: r.levels ?? NOTIFICATION_DEFAULTS.levels,
      events: r.events ?? [...DEPLOYMENT_EVENTS],
      services: r.services ?? null,
      headers: r.headers ?? {},
    })),
    retry: { ...NOTIFICATION_DEFAULTS.retry, ...raw?.retry },
  };
}

export function notificationProblems(raw: RawNotifications | undefined, services: string[]): RawProblem[] {
  const problems: RawProblem[] = [];
  const seen = new Set<string>();
  (raw?.receivers ?? []).forEach((r, i) => {
    const at = ['notifications', 'receivers', String(i)];
    if (seen.has(r.name)) problems.push({ path: [...at, 'name'], message: `"${r.name}" names another receiver too: names must be unique` });
    seen.add(r.name);
    if (!isHttpUrl(r.url)) problems.push({ path: [...at, 'url'], message: `must be an http:// or https:// URL, not ${JSON.stringify(r.url)}` });
    (r.services ?? []).forEach((s, j) => {
      if (!services.includes(s)) problems.push({ path: [...at, 'services', String(j)], message: `names no service of this file: "${s}"` });
    });
  });
  const retry = raw?.retry;
  if (retry && (retry.initialDelayMs ?? NOTIFICATION_DEFAULTS.retry.initialDelayMs) > (retry.maxDelayMs ?? NOTIFICATION_DEFAULTS.retry.maxDelayMs)) {
    problems.push({ path: ['notifications', 'retry', 'initialDelayMs'], message: 'must not be more than maxDelayMs' });
  }
  return problems;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
