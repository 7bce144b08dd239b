import type { NotificationReceiver } from '@cutover/config';
import { DEPLOYMENT_EVENTS } from '@cutover/contracts';
import { delayBefore } from './delivery';
import { payloadFor, receiversFor } from './payloads';

const n = { service: 'shop', level: 'warning' as const, title: 'shop p95 latency high', text: 'p95 420 ms over 10 s (warn at 300 ms)' };
const receiver = (over: Partial<NotificationReceiver>): NotificationReceiver => ({
  name: 'r',
  kind: 'webhook',
  url: 'http://x/',
  levels: ['info', 'warning', 'critical'],
  events: [...DEPLOYMENT_EVENTS],
  services: null,
  headers: {},
  ...over,
});

describe('notification payloads', () => {
  const delivered = { id: 'abc', time: '2026-11-28T10:00:00.000Z', notification: n };

  it('gives a webhook the notification with its id and time', () => {
    expect(payloadFor('webhook', delivered)).toEqual({ id: 'abc', time: '2026-11-28T10:00:00.000Z', ...n });
  });

  it('gives Slack mrkdwn text and a colored attachment, Teams a MessageCard with facts', () => {
    expect(payloadFor('slack', delivered)).toEqual({
      text: '*[warning] shop p95 latency high*\np95 420 ms over 10 s (warn at 300 ms)',
      attachments: [{ color: '#f9a825', fallback: 'shop p95 latency high', footer: 'Cutover · shop', ts: 1795860000 }],
    });
    expect(payloadFor('teams', { ...delivered, notification: { ...n, deploymentId: 'shop-1' } })).toMatchObject({
      '@type': 'MessageCard',
      themeColor: 'f9a825',
      sections: [{ facts: [{ name: 'Service', value: 'shop' }, { name: 'Deployment', value: 'shop-1' }, { name: 'Time', value: delivered.time }] }],
    });
  });

  it('picks receivers by level and service', () => {
    const all = receiver({ name: 'all' });
    const critical = receiver({ name: 'critical', levels: ['critical'] });
    const cart = receiver({ name: 'cart', services: ['cart'] });
    expect(receiversFor([all, critical, cart], n).map((r) => r.name)).toEqual(['all']);
    expect(receiversFor([all, critical, cart], { ...n, service: 'cart', level: 'critical' }).map((r) => r.name)).toEqual(['all', 'critical', 'cart']);
  });

  it('doubles the wait between tries up to the maximum', () => {
    const retry = { attempts: 6, initialDelayMs: 500, maxDelayMs: 3000, timeoutMs: 1000 };
    expect([2, 3, 4, 5, 6].map((k) => delayBefore(k, retry))).toEqual([500, 1000, 2000, 3000, 3000]);
  });
});
