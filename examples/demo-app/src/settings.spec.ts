import { DemoSettingsError, readSettings } from './settings';

describe('readSettings', () => {
  it('defaults to a healthy app', () => {
    expect(readSettings({ PORT: '3000' })).toEqual({
      port: 3000,
      version: '0.0.0',
      color: 'none',
      faultRate: 0,
      faultAfterMs: 0,
      latencyMs: 0,
      readyDelayMs: 0,
      crashOnStart: false,
    });
  });

  it('reads identity, faults and delays', () => {
    const s = readSettings({
      PORT: '1',
      VERSION: '1.2.3',
      COLOR: 'green',
      FAULT_RATE: '0.25',
      LATENCY_MS: '40',
      READY_DELAY_MS: '500',
      CRASH_ON_START: '1',
    });
    expect(s).toMatchObject({ version: '1.2.3', color: 'green', faultRate: 0.25, latencyMs: 40, readyDelayMs: 500, crashOnStart: true });
  });

  it('fails everything after FAULT_AFTER_MS when no rate is given', () => {
    expect(readSettings({ FAULT_AFTER_MS: '2000' })).toMatchObject({ faultAfterMs: 2000, faultRate: 1 });
  });

  it('keeps an explicit rate with FAULT_AFTER_MS', () => {
    expect(readSettings({ FAULT_AFTER_MS: '2000', FAULT_RATE: '0.5' })).toMatchObject({ faultRate: 0.5 });
  });

  it.each([
    ['FAULT_RATE', '1.5'],
    ['FAULT_RATE', 'lots'],
    ['LATENCY_MS', '-1'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => readSettings({ [name]: value })).toThrow(DemoSettingsError);
    expect(() => readSettings({ [name]: value })).toThrow(name);
  });
});
