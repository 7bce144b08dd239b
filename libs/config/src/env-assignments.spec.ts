import { parseEnvAssignments } from './env-assignments';
import { InvalidEnvAssignmentError } from './errors';

describe('parseEnvAssignments', () => {
  it('splits at the first =, keeps empty values, and lets a later assignment win', () => {
    expect(parseEnvAssignments(['FAULT=latency', 'URL=postgres://u:p@h/db?x=1', 'EMPTY=', '_X1=a', 'FAULT=none'])).toEqual({
      FAULT: 'none',
      URL: 'postgres://u:p@h/db?x=1',
      EMPTY: '',
      _X1: 'a',
    });
    expect(parseEnvAssignments([])).toEqual({});
  });

  it('refuses an assignment without =', () => {
    expect(() => parseEnvAssignments(['FAULT'])).toThrow(new InvalidEnvAssignmentError('FAULT', 'expected KEY=VALUE'));
  });

  it.each(['=x', '1X=2', 'MY-VAR=1', 'A B=1'])('refuses the bad name in %s', (assignment) => {
    expect(() => parseEnvAssignments([assignment])).toThrow(InvalidEnvAssignmentError);
    expect(() => parseEnvAssignments([assignment])).toThrow(/is not a valid variable name/);
  });

  it('has a stable code for callers', () => {
    try {
      parseEnvAssignments(['nope']);
      throw new Error('accepted');
    } catch (e) {
      expect((e as InvalidEnvAssignmentError).code).toBe('invalid_env');
    }
  });
});
