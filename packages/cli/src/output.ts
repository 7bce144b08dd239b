// Text output shared by the commands. Plain lines only: CI logs keep every line, so there
// are no spinners or cursor tricks, and stdout carries results while stderr carries errors.
import type { DeploymentRecord, PhaseEntry, ProbeResult } from '@cutover/contracts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 12:00:01.234, local time: what someone watching a terminal compares with the wall clock. */
export function clockTime(at: Date | string): string {
  const d = new Date(at);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** 2025-11-28 12:00:01, local time. */
export function dateTime(at: Date | string): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** One phase change: `12:00:01.234 demo 2.0.0 Preparing EnvironmentStarting: starting green`. */
export function phaseLine(record: DeploymentRecord, entry: PhaseEntry, message?: string): string {
  const text = message ? `${entry.reason}: ${message}` : entry.reason;
  return `${clockTime(entry.at)} ${record.service} ${record.version} ${entry.phase} ${text}`;
}

/** blue→green, or →blue for the first release of a service. */
export function colors(from: string | null, to: string): string {
  return `${from ?? ''}→${to}`;
}

/** What one probe saw: `http://127.0.0.1:41234/ answered 500 in 3ms`. */
export function probeText(p: ProbeResult): string {
  const outcome = p.status !== undefined ? `answered ${p.status}` : 'no answer';
  const latency = p.latencyMs !== undefined ? ` in ${Math.round(p.latencyMs)}ms` : '';
  return `${p.target} ${outcome}${latency}${p.error ? `: ${p.error}` : ''}`;
}

/** Columns padded to the widest cell; the last column is not padded. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

/** Where a command writes; injected so commands can be exercised without a terminal. */
export interface Output {
  line(text?: string): void;
  json(value: unknown): void;
}

export const stdout: Output = {
  line: (text = '') => process.stdout.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
};
