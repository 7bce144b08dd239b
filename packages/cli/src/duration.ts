// Durations on the command line read like Go's: 90s, 5m, 1h30m, 250ms, plus days (30d) for
// report windows. A bare number is refused: "--timeout 10" means seconds to some people and
// minutes to others.
import { UsageError } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

export function parseDuration(text: string, flag = 'duration'): number {
  const fail = () => new UsageError(`invalid ${flag} "${text}": use a number with a unit, like 90s, 5m, 1h30m, 7d or 500ms`);
  if (text.length === 0) throw fail();
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (!match) throw fail();
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  if (total <= 0 || !Number.isFinite(total)) throw fail();
  return Math.round(total);
}

/** The shortest readable form: 850ms, 42.1s, 3m05s, 1h02m, 2d04h. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h >= 24) return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
}
