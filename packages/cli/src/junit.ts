// A deployment as a JUnit XML report, the format GitLab, Jenkins and GitHub test reporters
// show: one test case per phase the deployment went through, failed where it failed, and
// one for the verdict. CI users see the deployment's checks next to their unit tests.
import { isTerminal, type DeploymentRecord, type PhaseEntry } from '@cutover/contracts';

/** Why a release has no verdict: rejected, Cutover unreachable, or out of time. */
export interface NoVerdict {
  service: string;
  version: string;
  error: string;
  /** The record as far as it got, if the release was accepted. */
  record: DeploymentRecord | null;
}

interface Case {
  name: string;
  seconds: number;
  failure?: { type: string; message: string };
  output?: string;
}

const ENDINGS = new Set(['Succeeded', 'Failed', 'RolledBack', 'Aborted', 'RollingBack']);

export function junitReport(outcome: DeploymentRecord | NoVerdict, now: Date): string {
  const record = 'id' in outcome ? outcome : outcome.record;
  const service = record?.service ?? (outcome as NoVerdict).service;
  const version = record?.version ?? (outcome as NoVerdict).version;
  const cases = record ? phaseCases(record, now) : [];
  cases.push(verdictCase(outcome, record));
  const failures = cases.filter((c) => c.failure).length;
  const seconds = record ? (Date.parse(record.finishedAt ?? now.toISOString()) - Date.parse(record.createdAt)) / 1000 : 0;
  const properties = record ? recordProperties(record) : [];
  const suite = [
    `  <testsuite name="${attr(`cutover release ${service} ${version}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${secs(seconds)}"${record ? ` timestamp="${attr(record.createdAt.replace(/\.\d+Z$/, ''))}"` : ''}>`,
    ...(properties.length ? ['    <properties>', ...properties.map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`), '    </properties>'] : []),
    ...cases.flatMap((c) => caseXml(c, `cutover.${service}`)),
    '  </testsuite>',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cutover" tests="${cases.length}" failures="${failures}" errors="0" time="${secs(seconds)}">`,
    ...suite,
    '</testsuites>',
    '',
  ].join('\n');
}

function phaseCases(record: DeploymentRecord, now: Date): Case[] {
  const phases = record.history;
  const cases: Case[] = [];
  phases.forEach((entry, i) => {
    if (entry.phase === 'Requested' || ENDINGS.has(entry.phase)) return;
    const next = phases[i + 1];
    const end = next ? Date.parse(next.at) : now.getTime();
    const failedHere = next && (next.phase === 'Failed' || next.phase === 'RollingBack');
    cases.push({
      name: `${entry.phase} (${record.toColor} ${record.version})`,
      seconds: (end - Date.parse(entry.at)) / 1000,
      output: `${entry.at} ${entry.phase} ${entry.reason}`,
      ...(failedHere ? { failure: { type: next.reason, message: failureText(record, next) } } : {}),
    });
  });
  return cases;
}

function verdictCase(outcome: DeploymentRecord | NoVerdict, record: DeploymentRecord | null): Case {
  if (!('id' in outcome)) return { name: 'verdict', seconds: 0, failure: { type: 'NoVerdict', message: outcome.error } };
  const r = outcome;
  if (r.phase === 'Succeeded') return { name: 'verdict', seconds: 0, output: `${r.service} ${r.version} is live on ${r.toColor}: ${r.message}` };
  if (!isTerminal(r.phase)) return { name: 'verdict', seconds: 0, failure: { type: 'NoVerdict', message: `still ${r.phase}: ${r.message}` } };
  const diagnostics = r.phase === 'RolledBack' ? ` Diagnostics: cutover diagnostics ${r.id}` : '';
  return { name: 'verdict', seconds: 0, failure: { type: r.phase, message: `${r.phase} (${r.reason}): ${r.message}.${diagnostics}` }, output: record ? timeline(record) : undefined };
}

function failureText(record: DeploymentRecord, next: PhaseEntry): string {
  // The record's message explains its last transition; earlier ones only have their reason.
  const last = record.history[record.history.length - 1];
  return last === next || (record.phase === 'RolledBack' && next.phase === 'RollingBack') ? `${next.reason}: ${record.message}` : next.reason;
}

function timeline(record: DeploymentRecord): string {
  return record.history.map((h) => `${h.at} ${h.phase} ${h.reason}`).join('\n');
}

function recordProperties(r: DeploymentRecord): [string, string][] {
  const props: [string, string][] = [
    ['deployment', r.id],
    ['service', r.service],
    ['version', r.version],
    ['from', `${r.fromColor ?? 'none'} ${r.fromVersion ?? ''}`.trim()],
    ['to', r.toColor],
    ['phase', r.phase],
  ];
  for (const [k, v] of Object.entries(r.metadata ?? {})) props.push([k, v]);
  return props;
}

function caseXml(c: Case, classname: string): string[] {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(c.name)}" time="${secs(c.seconds)}"`;
  if (!c.failure && !c.output) return [`${open}/>`];
  return [
    `${open}>`,
    ...(c.failure ? [`      <failure type="${attr(c.failure.type)}" message="${attr(c.failure.message)}">${text(c.failure.message)}</failure>`] : []),
    ...(c.output ? [`      <system-out>${text(c.output)}</system-out>`] : []),
    '    </testcase>',
  ];
}

const secs = (s: number) => Math.max(0, s).toFixed(3);
// XML 1.0 forbids most control characters even escaped; they become spaces.
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ');
const text = (s: string) => clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (s: string) => text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
