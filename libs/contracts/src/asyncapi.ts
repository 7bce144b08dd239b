// Builds the AsyncAPI 3 document from the message catalog, so docs/asyncapi.yaml can be
// regenerated (npm run catalog) and a test can prove the two never drift apart.
import { Messages, subjectTemplate, type MessageType } from './messages';
import { envelopeSchema } from './envelope';
import { buckets, streams } from './subjects';

const camel = (s: string) => s.replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase());

/** A plain JSON copy: TypeBox decorates schemas with symbol keys that YAML must not see. */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const transportNote: Record<MessageType['transport'], string> = {
  jetstream: 'Durable: JetStream with acknowledgement; the envelope id is the Nats-Msg-Id (idempotency key).',
  core: 'Plain NATS publish; a lost sample is replaced by the next one.',
  'request-reply': 'NATS request-reply; the reply is {ok: true, data} or {ok: false, error: {code, message}}. Idempotent, so callers retry.',
};

export function buildAsyncApi(version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const m of Object.values(Messages) as MessageType[]) {
    const name = camel(m.type.replace(/^cutover\./, ''));
    const address = subjectTemplate(m);
    const parameters = Object.fromEntries(
      (m.params ?? []).map((p) => [p, p === 'color' ? { enum: ['blue', 'green'] } : { description: `${p} name` }]),
    );
    messages[name] = {
      name: m.type,
      title: m.type,
      summary: m.summary,
      contentType: 'application/json',
      payload: plain(envelopeSchema(m.type, m.version, m.schema)),
    };
    channels[name] = {
      address,
      description: `${m.summary}. ${transportNote[m.transport]}`,
      ...(Object.keys(parameters).length ? { parameters } : {}),
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    operations[`publish${name[0]!.toUpperCase()}${name.slice(1)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${name}` },
      summary: `Published by ${m.publishers.join(', ')}`,
      messages: [{ $ref: `#/channels/${name}/messages/${name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Cutover event catalog',
      version,
      description: [
        'Every subject Cutover publishes or consumes, with its payload. Every message is an envelope',
        '(id, type, version, time, source, correlationId, deploymentId) around a versioned `data` payload.',
        `Streams: ${Object.values(streams).map((s) => `${s.name} (${s.subjects.join(', ')})`).join('; ')}.`,
        `Key-value buckets: ${Object.values(buckets).join(', ')}.`,
        'Generated from libs/contracts by `npm run catalog`; a test fails when this file and the code differ.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:4222', protocol: 'nats', description: 'nats-server started by `cutover up`' } },
    channels,
    operations,
    components: { messages },
  };
}
