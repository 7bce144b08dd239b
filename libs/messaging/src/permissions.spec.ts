import { buckets, subjects } from '@cutover/contracts';
import { NATS_ROLES, natsPermissions, type NatsRole } from './permissions';
import { covers } from './topology';

const mayPublish = (role: NatsRole, subject: string) => natsPermissions(role).publish.some((allow) => covers(allow, subject));
const maySubscribe = (role: NatsRole, subject: string) => natsPermissions(role).subscribe.some((allow) => covers(allow, subject));
const kvPut = (bucket: string, key: string) => `$KV.${bucket}.${key}`;

describe('natsPermissions', () => {
  it('lets the health monitor publish health transitions and snapshots, and not a switch or a release', () => {
    expect(mayPublish('health-monitor', subjects.healthTransition('shop', 'green'))).toBe(true);
    expect(mayPublish('health-monitor', subjects.healthSnapshot('shop', 'green'))).toBe(true);
    expect(mayPublish('health-monitor', kvPut(buckets.health, 'shop.green'))).toBe(true);
    expect(mayPublish('health-monitor', subjects.switch())).toBe(false);
    expect(mayPublish('health-monitor', subjects.release())).toBe(false);
    expect(mayPublish('health-monitor', kvPut(buckets.routing, 'shop'))).toBe(false);
  });

  it('gives each command to the services the catalog lists as its publishers', () => {
    const publishersOf = (subject: string) => NATS_ROLES.filter((r) => mayPublish(r, subject)).sort();
    expect(publishersOf(subjects.switch())).toEqual(['orchestrator', 'rollback']);
    expect(publishersOf(subjects.release())).toEqual(['admin', 'ci', 'orchestrator']);
    expect(publishersOf(subjects.approve())).toEqual(['admin', 'orchestrator']);
    expect(publishersOf(subjects.runtimeEnsure())).toEqual(['orchestrator']);
    expect(publishersOf(subjects.switchResult('shop'))).toEqual(['switcher']);
    expect(publishersOf(subjects.environmentEvent('shop', 'blue'))).toEqual(['runtime-agent']);
  });

  it('lets only the owner of a store write it', () => {
    const writersOf = (bucket: string) => NATS_ROLES.filter((r) => mayPublish(r, kvPut(bucket, 'shop'))).sort();
    expect(writersOf(buckets.deployments)).toEqual(['orchestrator', 'rollback']);
    expect(writersOf(buckets.routing)).toEqual(['switcher']);
    expect(writersOf(buckets.environments)).toEqual(['runtime-agent']);
    expect(writersOf(buckets.diagnostics)).toEqual(['rollback']);
    expect(writersOf(buckets.services)).toEqual(['orchestrator']);
  });

  it('lets services run JetStream but not delete or purge a stream, which the admin may', () => {
    for (const allowed of ['$JS.API.STREAM.CREATE.CUTOVER_EVENTS', '$JS.API.DIRECT.GET.KV_cutover_health.$KV.cutover_health.shop.blue', '$JS.API.CONSUMER.MSG.NEXT.CUTOVER_COMMANDS.orchestrator-release', '$JS.ACK.CUTOVER_COMMANDS.x.1.1.1.1.0']) {
      expect([allowed, mayPublish('switcher', allowed)]).toEqual([allowed, true]);
    }
    for (const denied of ['$JS.API.STREAM.DELETE.CUTOVER_EVENTS', '$JS.API.STREAM.PURGE.CUTOVER_COMMANDS', '$JS.API.STREAM.MSG.DELETE.KV_cutover_routing']) {
      expect([denied, mayPublish('switcher', denied), mayPublish('admin', denied)]).toEqual([denied, false, true]);
    }
  });

  it('lets only the runtime agent answer requests into other clients\' inboxes', () => {
    expect(NATS_ROLES.filter((r) => mayPublish(r, '_INBOX.abc.1'))).toEqual(['runtime-agent']);
  });

  it('lets ci release and follow the events stream, and nothing else', () => {
    expect(mayPublish('ci', subjects.release())).toBe(true);
    expect(mayPublish('ci', '$JS.API.CONSUMER.CREATE.CUTOVER_EVENTS.abc.cutover.evt.deployment.shop')).toBe(true);
    expect(mayPublish('ci', '$JS.API.CONSUMER.MSG.NEXT.CUTOVER_EVENTS.abc')).toBe(true);
    for (const denied of [
      subjects.approve(),
      subjects.rollback(),
      subjects.switch(),
      kvPut(buckets.deployments, 'x'),
      '$JS.API.CONSUMER.CREATE.CUTOVER_COMMANDS.abc',
      '$JS.API.STREAM.PURGE.CUTOVER_EVENTS',
      '$JS.API.STREAM.DELETE.CUTOVER_EVENTS',
      '$JS.ACK.CUTOVER_COMMANDS.orchestrator.1.1.1.1.0',
    ]) {
      expect([denied, mayPublish('ci', denied)]).toEqual([denied, false]);
    }
    expect(maySubscribe('ci', '_INBOX.x')).toBe(true);
    expect(maySubscribe('ci', subjects.healthSnapshot('shop', 'blue'))).toBe(false);
  });
});
