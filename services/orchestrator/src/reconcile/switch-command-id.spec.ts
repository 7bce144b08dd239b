import type { DeploymentRecord } from '@cutover/contracts';
import { switchCommandId } from './switch-command-id';

const record = { id: 'web-0mx0qu3qoe1de0463', phaseStartedAt: '2026-11-28T10:00:00.000Z' } as DeploymentRecord;
const at = (ms: number) => new Date(Date.parse(record.phaseStartedAt) + ms);

describe('switchCommandId', () => {
  it('is the same for every replica asking within one resend period', () => {
    expect(switchCommandId(record, 'green', at(10), 3000)).toBe(switchCommandId(record, 'green', at(2999), 3000));
  });

  it('changes with the period, so a resend is a new message', () => {
    expect(switchCommandId(record, 'green', at(3000), 3000)).not.toBe(switchCommandId(record, 'green', at(2999), 3000));
  });

  it('names the deployment and the color', () => {
    expect(switchCommandId(record, 'blue', at(0), 3000)).toBe('web-0mx0qu3qoe1de0463.switch-blue.0');
    expect(switchCommandId(record, 'green', at(0), 3000)).not.toBe(switchCommandId(record, 'blue', at(0), 3000));
  });
});
