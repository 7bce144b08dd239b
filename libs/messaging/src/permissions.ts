// Who may publish and subscribe to what on NATS, one user per role. Generated from the
// catalog's publishers and the stores each service writes, so `cutover up` and the
// Kubernetes nats-server config cannot drift from the code. A service keeps the JetStream
// API (it creates streams, consumers and buckets at start), but may publish only the
// catalog subjects it is listed for and write only its own buckets. The ci user can only
// publish a release and follow deployment events, read-only.
import { Messages, buckets, streams, type MessageKey, type MessageType, type StoreName } from '@cutover/contracts';
import { subjectWildcard } from './topology';

export const SERVICE_ROLES = ['orchestrator', 'health-monitor', 'switcher', 'rollback', 'runtime-agent'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];
/** admin: the operator's CLI. ci: a pipeline that releases and waits for the verdict. */
export const NATS_ROLES = [...SERVICE_ROLES, 'admin', 'ci'] as const;
export type NatsRole = (typeof NATS_ROLES)[number];

export interface NatsPermissions {
  publish: string[];
  subscribe: string[];
}

/** The catalog's publisher names each role speaks for: the orchestrator also publishes for its HTTP API. */
const PUBLISHER_NAMES: Record<Exclude<NatsRole, 'ci'>, readonly string[]> = {
  orchestrator: ['orchestrator', 'orchestrator-http'],
  'health-monitor': ['health-monitor'],
  switcher: ['switcher'],
  rollback: ['rollback'],
  'runtime-agent': ['runtime-agent'],
  admin: ['cli'],
};

/** Which service writes each store; every other role only reads it. */
export const STORE_WRITERS: Record<StoreName, readonly ServiceRole[]> = {
  deployments: ['orchestrator', 'rollback'],
  services: ['orchestrator'],
  routing: ['switcher'],
  environments: ['runtime-agent'],
  health: ['health-monitor'],
  diagnostics: ['rollback'],
  // Only the health monitor runs replicas that take turns (see Lease).
  leases: ['health-monitor'],
};

/** What the ci user may publish: a release, and nothing else of the catalog. */
const CI_MESSAGES: readonly MessageKey[] = ['release'];

const INBOX = '_INBOX.>';
// What a service needs of JetStream: create and read streams and buckets, read entries,
// run consumers, acknowledge, answer flow control. Not delete or purge a stream, nor delete
// its messages: no Cutover process does, so no Cutover user may.
const SERVICE_JETSTREAM = [
  '$JS.API.INFO',
  '$JS.API.STREAM.CREATE.*',
  '$JS.API.STREAM.UPDATE.*',
  '$JS.API.STREAM.INFO.*',
  '$JS.API.STREAM.NAMES',
  '$JS.API.STREAM.LIST',
  '$JS.API.STREAM.MSG.GET.*',
  '$JS.API.DIRECT.GET.>',
  '$JS.API.CONSUMER.>',
  '$JS.ACK.>',
  '$JS.FC.>',
];
// The operator keeps the whole API, e.g. to purge a stream by hand.
const ADMIN_JETSTREAM = ['$JS.API.>', '$JS.ACK.>', '$JS.FC.>'];

export function natsPermissions(role: NatsRole): NatsPermissions {
  if (role === 'ci') return ciPermissions();
  const names = PUBLISHER_NAMES[role];
  const messages = catalogSubjects((m) => m.publishers.some((p) => names.includes(p)));
  const stores = (Object.keys(STORE_WRITERS) as StoreName[])
    .filter((store) => (STORE_WRITERS[store] as readonly string[]).includes(role))
    .map((store) => `$KV.${buckets[store]}.>`);
  // The runtime agent answers requests: its replies go to the requester's inbox.
  const replies = role === 'runtime-agent' ? [INBOX] : [];
  return {
    publish: [...new Set([...messages, ...stores, ...(role === 'admin' ? ADMIN_JETSTREAM : SERVICE_JETSTREAM), ...replies])],
    subscribe: ['cutover.>', INBOX],
  };
}

/**
 * Publish a release, then follow deployment events: an ordered consumer on the events
 * stream (create, pull, info, delete: the client recreates it after a gap) and nothing
 * that writes a store or acknowledges a command.
 */
function ciPermissions(): NatsPermissions {
  const events = streams.events.name;
  return {
    publish: [
      ...catalogSubjects((m) => CI_MESSAGES.some((key) => Messages[key] === m)),
      '$JS.API.INFO',
      `$JS.API.STREAM.INFO.${events}`,
      `$JS.API.CONSUMER.CREATE.${events}`,
      `$JS.API.CONSUMER.CREATE.${events}.>`,
      `$JS.API.CONSUMER.INFO.${events}.*`,
      `$JS.API.CONSUMER.MSG.NEXT.${events}.*`,
      `$JS.API.CONSUMER.DELETE.${events}.*`,
    ],
    subscribe: [INBOX],
  };
}

function catalogSubjects(pick: (m: MessageType) => boolean): string[] {
  return (Object.keys(Messages) as MessageKey[]).filter((key) => pick(Messages[key] as MessageType)).map(subjectWildcard);
}
