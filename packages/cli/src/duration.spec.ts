import { UsageError } from './errors';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5s', 1500],
    ['2m30s', 150_000],
    ['30d', 2_592_000_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['10', '', '5 m', 'm5', '5w', '0s', '-1s', '1s2', 'ms'])('refuses %p, naming the flag and the expected form', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
    expect(() => parseDuration(text, '--timeout')).toThrow(`invalid --timeout "${text}": use a number with a unit, like 90s, 5m, 1h30m, 7d or 500ms`);
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850ms'],
    [42_140, '42.1s'],
    [185_000, '3m05s'],
    [3_720_000, '1h02m'],
    [187_200_000, '2d04h'],
  ])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
