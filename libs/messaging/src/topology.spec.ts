import { streams, subjects } from '@cutover/contracts';
import { WrongTransportError } from './errors';
import { covers, streamFor, subjectWildcard } from './topology';

describe('topology', () => {
  it('finds the stream of every JetStream message type', () => {
    expect(streamFor('release')).toBe(streams.commands.name);
    expect(streamFor('healthTransition')).toBe(streams.events.name);
    expect(streamFor('deadLetter')).toBe(streams.deadLetters.name);
    expect(() => streamFor('traffic')).toThrow(WrongTransportError);
  });

  it('puts a wildcard for each subject parameter', () => {
    expect(subjectWildcard('release')).toBe(subjects.release());
    expect(subjectWildcard('healthTransition')).toBe(subjects.healthTransitionsAll());
    expect(subjectWildcard('deadLetter')).toBe(subjects.deadLettersAll());
  });

  it('matches subjects against stream filters token by token', () => {
    expect(covers('cutover.evt.>', 'cutover.evt.health.*.*')).toBe(true);
    expect(covers('cutover.evt.>', 'cutover.evt')).toBe(false);
    expect(covers('cutover.dlq.*', 'cutover.dlq.*')).toBe(true);
    expect(covers('cutover.dlq.*', 'cutover.dlq.a.b')).toBe(false);
    expect(covers('cutover.cmd.release', 'cutover.cmd.*')).toBe(false);
  });
});
