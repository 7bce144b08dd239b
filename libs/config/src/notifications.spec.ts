import { DEPLOYMENT_EVENTS } from '@cutover/contracts';
import { parseConfig } from './parse';
import { problemsOf as problemsOfIn } from './testing/problems-of';

const FILE = '/srv/cutover/cutover.yaml';
const withNotifications = (block: string) => `
version: 1
services:
  shop:
    command: node shop.js
    router: { port: 8080 }
notifications:
${block}`;

const problemsOf = (text: string) => problemsOfIn(text, FILE);

describe('notifications in cutover.yaml', () => {
  it('defaults every receiver to all levels and services, and fills the retry defaults', () => {
    const config = parseConfig(
      withNotifications(`  receivers:
    - { name: ops, kind: slack, url: "https://hooks.example/T1" }
    - { name: audit, kind: webhook, url: "http://audit.local/hook", levels: [critical], events: [failed, rolled-back], services: [shop], headers: { Authorization: "Bearer x" } }
  retry: { attempts: 3 }
`),
      FILE,
    );
    expect(config.notifications).toEqual({
      receivers: [
        { name: 'ops', kind: 'slack', url: 'https://hooks.example/T1', levels: ['info', 'warning', 'critical'], events: [...DEPLOYMENT_EVENTS], services: null, headers: {} },
        { name: 'audit', kind: 'webhook', url: 'http://audit.local/hook', levels: ['critical'], events: ['failed', 'rolled-back'], services: ['shop'], headers: { Authorization: 'Bearer x' } },
      ],
      retry: { attempts: 3, initialDelayMs: 500, maxDelayMs: 8000, timeoutMs: 5000 },
    });
  });

  it('names each bad field: kind, url, unknown service, duplicate name, delays', () => {
    const problems = problemsOf(
      withNotifications(`  receivers:
    - { name: ops, kind: slack, url: "ftp://x" }
    - { name: ops, kind: teams, url: "https://t.example/", services: [nope] }
    - { name: Bad_Name, kind: pager, url: "https://p.example/" }
  retry: { initialDelayMs: 9000, maxDelayMs: 1000 }
`),
    ).map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^notifications\.receivers\.2\.name: /),
        expect.stringMatching(/^notifications\.receivers\.2\.kind: /),
      ]),
    );
    const semantic = problemsOf(
      withNotifications(`  receivers:
    - { name: ops, kind: slack, url: "ftp://x" }
    - { name: ops, kind: teams, url: "https://t.example/", services: [nope] }
  retry: { initialDelayMs: 9000, maxDelayMs: 1000 }
`),
    ).map((p) => `${p.path}: ${p.message}`);
    expect(semantic).toEqual([
      'notifications.receivers.0.url: must be an http:// or https:// URL, not "ftp://x"',
      'notifications.receivers.1.name: "ops" names another receiver too: names must be unique',
      'notifications.receivers.1.services.0: names no service of this file: "nope"',
      'notifications.retry.initialDelayMs: must not be more than maxDelayMs',
    ]);
  });
});
