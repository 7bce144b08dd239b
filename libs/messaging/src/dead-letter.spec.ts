import { MalformedMessageError } from '@cutover/contracts';
import { DEAD_LETTER_RAW_LIMIT, deadLetterRecord } from './dead-letter';

const base = { subject: 'cutover.cmd.release', consumer: 'orchestrator-release', headers: { 'Nats-Msg-Id': 'x' }, receivedAt: new Date('2030-01-02T03:04:05Z') };

describe('deadLetterRecord', () => {
  it('keeps the code and reason of a Cutover error and the raw text', () => {
    const rec = deadLetterRecord({ ...base, error: new MalformedMessageError('not JSON'), data: Buffer.from('{oops') });
    expect(rec).toEqual({
      ...base,
      code: 'malformed',
      reason: 'malformed message: not JSON',
      receivedAt: '2030-01-02T03:04:05.000Z',
      raw: '{oops',
      truncated: false,
    });
  });

  it('cuts the raw text at 64 KiB and says so', () => {
    const rec = deadLetterRecord({ ...base, error: new Error('too big'), data: Buffer.alloc(DEAD_LETTER_RAW_LIMIT + 10, 'a') });
    expect(rec.raw).toHaveLength(DEAD_LETTER_RAW_LIMIT);
    expect(rec).toMatchObject({ truncated: true, code: 'internal', reason: 'too big' });
  });

  it('reads only the bytes of its view of a shared buffer', () => {
    const shared = Buffer.from('xxhelloxx');
    const rec = deadLetterRecord({ ...base, error: 'odd', data: shared.subarray(2, 7) });
    expect(rec).toMatchObject({ raw: 'hello', reason: 'odd' });
  });
});
