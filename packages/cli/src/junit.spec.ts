import { Reasons } from '@cutover/core';
import { junitReport } from './junit';
import { deployment, ROLLED_BACK, SUCCEEDED, T0 } from './testing/fixtures';

const now = new Date(T0 + 60_000);

describe('junitReport', () => {
  it('gives a good deployment one passing case per phase it went through, and a passing verdict', () => {
    const xml = junitReport(deployment('demo-1', SUCCEEDED, { metadata: { commit: 'abc1234', pipelineUrl: 'https://ci.example/p/1?a=1&b=2' } }), now);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="cutover" tests="5" failures="0" errors="0" time="5.000">/);
    expect(xml).toContain('<testsuite name="cutover release demo 2.0.0" tests="5" failures="0" errors="0" skipped="0" time="5.000" timestamp="2025-11-28T12:00:00">');
    expect(xml.match(/<testcase classname="cutover.demo" name="([A-Za-z]+) \(green 2.0.0\)" time="1.000">/g)).toHaveLength(4);
    expect(xml).toContain('<property name="pipelineUrl" value="https://ci.example/p/1?a=1&amp;b=2"/>');
    expect(xml).not.toContain('<failure');
  });

  it('fails the phase in which the deployment failed, and the verdict with the reason and where to read why', () => {
    const xml = junitReport(deployment('demo-2', ROLLED_BACK, { message: 'error rate 40% > 5% <over 1 s>' }), now);
    expect(xml).toContain('failures="2"');
    expect(xml).toMatch(/name="Monitoring \(green 2.0.0\)" time="1.000">\n {6}<failure type="HealthDegraded" message="HealthDegraded: error rate 40% &gt; 5% &lt;over 1 s&gt;"/);
    expect(xml).toContain(`<failure type="RolledBack" message="RolledBack (${Reasons.RolledBack}): error rate 40% &gt; 5% &lt;over 1 s&gt;. Diagnostics: cutover diagnostics demo-2">`);
  });

  it('reports a release without a verdict (rejected, unreachable, out of time) as one failed verdict', () => {
    const xml = junitReport({ service: 'demo', version: '9.9.9', error: 'release rejected (busy): deployment demo-abc is running', record: null }, now);
    expect(xml).toContain('<testsuite name="cutover release demo 9.9.9" tests="1" failures="1" errors="0" skipped="0" time="0.000">');
    expect(xml).toContain('<failure type="NoVerdict" message="release rejected (busy): deployment demo-abc is running">');
  });

  it('keeps the XML well formed whatever the text holds', () => {
    const xml = junitReport(deployment('demo-3', ROLLED_BACK, { message: 'bad "quote" & \u0001 control\nnew line' }), now);
    expect(xml).toContain('message="RolledBack (RolledBack): bad &quot;quote&quot; &amp;   control&#10;new line.');
  });
});
