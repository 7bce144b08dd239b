// Everything the demo app does is decided by its environment, so each release can carry
// its own faults (cutover release ... --env FAULT_RATE=0.3).

export class DemoSettingsError extends Error {
  constructor(name: string, value: string, expected: string) {
    super(`${name}=${JSON.stringify(value)} is invalid: expected ${expected}`);
    this.name = 'DemoSettingsError';
  }
}

export interface DemoSettings {
  port: number;
  version: string;
  color: string;
  faultRate: number;
  faultAfterMs: number;
  latencyMs: number;
  readyDelayMs: number;
  crashOnStart: boolean;
}

type Env = Record<string, string | undefined>;

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new DemoSettingsError(name, raw, `a number from ${min} to ${max}`);
  }
  return value;
}

export function readSettings(env: Env): DemoSettings {
  const port = number(env, 'PORT', 8080, 0, 65535);
  if (!Number.isInteger(port)) throw new DemoSettingsError('PORT', String(env.PORT), 'an integer port');
  const faultAfterMs = number(env, 'FAULT_AFTER_MS', 0, 0, Number.MAX_SAFE_INTEGER);
  // "Break after a while" alone means break completely; a rate narrows it down.
  const defaultRate = env.FAULT_AFTER_MS !== undefined && env.FAULT_AFTER_MS.trim() !== '' ? 1 : 0;
  return {
    port,
    version: env.VERSION ?? '0.0.0',
    color: env.COLOR ?? 'none',
    faultRate: number(env, 'FAULT_RATE', defaultRate, 0, 1),
    faultAfterMs,
    latencyMs: number(env, 'LATENCY_MS', 0, 0, Number.MAX_SAFE_INTEGER),
    readyDelayMs: number(env, 'READY_DELAY_MS', 0, 0, Number.MAX_SAFE_INTEGER),
    crashOnStart: env.CRASH_ON_START === '1' || env.CRASH_ON_START === 'true',
  };
}
