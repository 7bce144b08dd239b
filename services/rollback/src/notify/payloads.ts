// The body each kind of receiver understands. A webhook gets Cutover's own fields; Slack
// and Teams incoming webhooks get what they render (Slack: text with mrkdwn and a colored
// attachment; Teams: a MessageCard, which Teams' incoming webhooks and Power Automate's
// "post to a channel when a webhook request is received" both accept).
import type { Notification } from '@cutover/contracts';
import type { NotificationReceiver, ReceiverKind } from '@cutover/config';

export interface Delivered {
  /** The envelope id: receivers can drop a repeat (delivery is at least once). */
  id: string;
  time: string;
  notification: Notification;
}

const COLORS: Record<Notification['level'], string> = { info: '#2e7d32', warning: '#f9a825', critical: '#c62828' };

export function payloadFor(kind: ReceiverKind, d: Delivered): object {
  const n = d.notification;
  const where = n.deploymentId ? `${n.service}, deployment ${n.deploymentId}` : n.service;
  switch (kind) {
    case 'webhook':
      return { id: d.id, time: d.time, ...n };
    case 'slack':
      return {
        text: `*[${n.level}] ${n.title}*\n${n.text}`,
        attachments: [{ color: COLORS[n.level], fallback: n.title, footer: `Cutover · ${where}`, ts: Math.floor(Date.parse(d.time) / 1000) }],
      };
    case 'teams':
      return {
        '@type': 'MessageCard',
        '@context': 'https://schema.org/extensions',
        summary: n.title,
        themeColor: COLORS[n.level].slice(1),
        title: `[${n.level}] ${n.title}`,
        text: n.text,
        sections: [{ facts: [{ name: 'Service', value: n.service }, ...(n.deploymentId ? [{ name: 'Deployment', value: n.deploymentId }] : []), { name: 'Time', value: d.time }] }],
      };
  }
}

/** The receivers that hear this notification: its level, its deployment event, and its service when they name services. */
export function receiversFor(receivers: NotificationReceiver[], n: Notification): NotificationReceiver[] {
  return receivers.filter(
    (r) => r.levels.includes(n.level) && (n.event === undefined || r.events.includes(n.event)) && (r.services === null || r.services.includes(n.service)),
  );
}
