import { isSameProcess, processStartTime, startTimeOf } from './process-identity';

// Fields 1-22 of a real /proc/PID/stat line, with a command name that itself holds ") (".
const stat = (state: string) =>
  `4242 (node a) (b) ${state} 1 4242 4242 0 -1 4194560 1 0 0 0 3 1 0 0 20 0 11 0 1952673 1 2 3\n`;

describe('process identity', () => {
  it('reads the start time (field 22) after a command name with spaces and parentheses', () => {
    expect(startTimeOf(stat('S'))).toBe('1952673');
  });

  it('treats a zombie as gone', () => {
    expect(startTimeOf(stat('Z'))).toBeNull();
  });

  it('matches this very process and not a different start time of its pid', () => {
    const own = processStartTime(process.pid);
    expect(own).toMatch(/^\d+$/);
    expect(isSameProcess(process.pid, own)).toBe(true);
    expect(isSameProcess(process.pid, `${own}0`)).toBe(false);
    expect(isSameProcess(process.pid, null)).toBe(false);
  });
});
