// Human-readable fragments for transition messages: a message must say what was seen, so
// whoever reads a failed deployment knows why without opening another tool.
import type { EnvironmentState, HealthSnapshot, ProbeResult } from '@cutover/contracts';

export function describeEnvironment(env: EnvironmentState | null): string {
  if (!env) return 'the runtime reported nothing';
  let text = `${env.status}${env.reason ? ` (${env.reason})` : ''}${env.message ? `: ${env.message}` : ''}`;
  const exit = [...env.exits].reverse().find((e) => !e.expected);
  if (exit) {
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    const stderr = exit.stderrTail.at(-1);
    text += `; instance ${exit.instance} exited with ${how}${stderr ? `, stderr: ${stderr}` : ''}`;
  }
  return text;
}

export function describeProbe(p: ProbeResult): string {
  const outcome = p.status !== undefined ? `answered ${p.status}` : `failed (${p.error ?? 'no answer'})`;
  const latency = p.latencyMs !== undefined ? ` in ${Math.round(p.latencyMs)} ms` : '';
  return `${p.target} ${outcome}${latency} at ${p.at}`;
}

export function lastFailedProbe(hs: HealthSnapshot): ProbeResult | null {
  const last = hs.recentFailures.at(-1);
  if (last) return last;
  return hs.lastProbe && !hs.lastProbe.ok ? hs.lastProbe : null;
}

export function describeHealth(hs: HealthSnapshot | null): string {
  if (!hs) return 'no health snapshot of this version yet';
  const failed = lastFailedProbe(hs);
  return `${hs.state}, ${hs.consecutiveSuccesses} passed and ${hs.consecutiveFailures} failed in a row${failed ? `; last failure: ${describeProbe(failed)}` : ''}`;
}

export const describeColor = (color: string | null, version: string | null): string =>
  color ? `${color} (${version ?? 'unknown version'})` : 'nothing';

/** Where traffic is when a deployment ends before its switch. */
export const trafficStays = (record: { fromColor: string | null; fromVersion: string | null }): string =>
  record.fromColor ? `traffic stays on ${describeColor(record.fromColor, record.fromVersion)}` : 'nothing was live';
