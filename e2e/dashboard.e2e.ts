// Issue 4's dashboard "must show": a whole local stack with the demo app, the dashboard open
// in real headless Chromium, and releases watched live in the page without reloading it:
// two that succeed, then one that fails after going live and is rolled back.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import YAML from 'yaml';
import { startLoad } from '@cutover/loadgen';
import { waitFor } from '@cutover/testkit';
import { ROOT, startStack, type CliResult, type Stack } from './support/cutover';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = join(ROOT, 'test-artifacts', 'dashboard.png');

interface PageWatch {
  loadMarker: string;
  /** Every distinct (deployment version, phase) the demo card showed, in the order shown. */
  seen: string[];
}

/** The little of the browser's globals these tests touch (the e2e program has no DOM types). */
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
}
interface PageGlobals {
  __watch?: PageWatch;
  document: { querySelector(selector: string): PageElement | null; getElementById(id: string): PageElement | null };
  MutationObserver: new (callback: () => void) => { observe(target: PageElement, options: { childList: boolean; subtree: boolean }): void };
}

let stack: Stack;
let browser: Browser;
let page: Page;
let dashboardUrl: string;

const record = (r: CliResult): { id: string; phase: string } => JSON.parse(r.stdout) as { id: string; phase: string };

beforeAll(async () => {
  stack = await startStack({ demo: {} });
  const config = YAML.parse(readFileSync(stack.configPath, 'utf8')) as { ports: { healthMonitor: number } };
  dashboardUrl = `http://127.0.0.1:${config.ports.healthMonitor}/dashboard`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(dashboardUrl);
  await page.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
  await page.waitForSelector('[data-service="demo"]', { timeout: 15_000 });
  // A marker that a reload would wipe, and a record of every phase the page displayed.
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const watch: PageWatch = { loadMarker: `loaded-${Math.random()}`, seen: [] };
    g.__watch = watch;
    const note = () => {
      const d = g.document.querySelector('[data-service="demo"] .deployment');
      const step = d ? `${d.querySelector('h3')?.textContent?.match(/Deployment (\S+)/)?.[1]} ${d.getAttribute('data-phase')}` : null;
      if (step && watch.seen[watch.seen.length - 1] !== step) watch.seen.push(step);
    };
    new g.MutationObserver(note).observe(g.document.getElementById('services')!, { childList: true, subtree: true });
    note();
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const marker = () => page.evaluate(() => (globalThis as unknown as PageGlobals).__watch?.loadMarker ?? null);
const seenFor = async (version: string) =>
  (await page.evaluate(() => (globalThis as unknown as PageGlobals).__watch!.seen)).filter((s) => s.startsWith(`${version} `)).map((s) => s.split(' ')[1]);
const timelineOf = (id: string) => page.locator(`[data-deployment="${id}"] ol.timeline li`).evaluateAll((lis) => lis.map((li) => li.getAttribute('data-phase')));
const liveOf = () => page.locator('[data-service="demo"] .live').evaluate((n) => ({ color: n.getAttribute('data-color'), text: n.textContent?.trim() }));

const liveIs = (color: string) => page.locator(`[data-service="demo"] .live[data-color="${color}"]`).waitFor({ timeout: 10_000 });

async function waitForPhase(version: string, phase: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ([v, p]) => (globalThis as unknown as PageGlobals).__watch!.seen.includes(`${v} ${p}`),
    [version, phase] as const,
    { timeout, polling: 100 },
  );
}

/** True when `seen` is a subsequence of `order` (phases only ever move forward). */
function inOrder(seen: string[], order: string[]): boolean {
  let at = 0;
  return seen.every((p) => {
    const i = order.indexOf(p, at);
    if (i < 0) return false;
    at = i;
    return true;
  });
}

const SUCCESS = ['Requested', 'Preparing', 'Verifying', 'Switching', 'Monitoring', 'Succeeded'];
const ROLLBACK = ['Requested', 'Preparing', 'Verifying', 'Switching', 'Monitoring', 'RollingBack', 'RolledBack'];

describe('live dashboard in headless Chromium', () => {
  it('shows 1.0.0 and then 2.0.0 going through their phases live, and the live color changing', async () => {
    const before = await marker();
    expect(before).toMatch(/^loaded-/);

    const first = stack.spawnCli(['release', 'demo', '1.0.0', '--wait', '--json']);
    await waitForPhase('1.0.0', 'Succeeded');
    const r1 = await first.done;
    expect(r1.code).toBe(0);
    // The page showed intermediate phases as they happened, never out of order.
    const seen1 = await seenFor('1.0.0');
    expect(inOrder(seen1, SUCCESS)).toBe(true);
    expect(seen1.length).toBeGreaterThanOrEqual(3);
    expect(await timelineOf(record(r1).id)).toEqual(SUCCESS);
    await liveIs('blue');
    expect((await liveOf()).text).toContain('1.0.0');

    const second = stack.spawnCli(['release', 'demo', '2.0.0', '--wait', '--json']);
    await waitForPhase('2.0.0', 'Monitoring');
    // Live moves to green as soon as traffic switched, before the deployment ends.
    await liveIs('green');
    expect((await liveOf()).text).toContain('2.0.0');
    await waitForPhase('2.0.0', 'Succeeded');
    const r2 = await second.done;
    expect(r2.code).toBe(0);
    expect(inOrder(await seenFor('2.0.0'), SUCCESS)).toBe(true);
    expect(await timelineOf(record(r2).id)).toEqual(SUCCESS);

    // Health charts are fed live: the new color's chart gained points while we watched.
    const points = () => page.locator('[data-service="demo"] figure.chart[data-color="green"]').getAttribute('data-points');
    const now = Number(await points());
    await waitFor(async () => Number(await points()) > now, { timeoutMs: 15_000, what: `more than ${now} health points on green's chart` });

    expect(await marker()).toBe(before);
  });

  it('shows 3.0.0 failing after going live, RollingBack → RolledBack, green live again and its diagnostics', async () => {
    const before = await marker();
    const load = startLoad({ url: stack.publicUrl('demo'), ratePerSecond: 100 });
    const third = stack.spawnCli(['release', 'demo', '3.0.0', '--env', 'FAULT_AFTER_MS=2000', '--wait', '--json']);
    await waitForPhase('3.0.0', 'RolledBack', 90_000);
    const r3 = await third.done;
    await load.stop();
    expect(r3.code).toBe(1);
    const id = record(r3).id;

    // RollingBack may last less than one repaint, so it is checked in the timeline and
    // in the recent events, both filled live.
    expect(inOrder(await seenFor('3.0.0'), ROLLBACK)).toBe(true);
    expect(await timelineOf(id)).toEqual(ROLLBACK);
    const phaseEvents = await page.locator('#events li[data-kind="phase"]').allInnerTexts();
    const rollingBack = phaseEvents.findIndex((t) => t.includes('3.0.0 Monitoring → RollingBack'));
    const rolledBack = phaseEvents.findIndex((t) => t.includes('3.0.0 RollingBack → RolledBack'));
    expect(rollingBack).toBeGreaterThan(rolledBack);
    expect(rolledBack).toBeGreaterThanOrEqual(0);
    await liveIs('green');
    expect((await liveOf()).text).toContain('2.0.0');

    const link = page.locator(`[data-service="demo"] a.diagnostics[data-deployment="${id}"]`);
    await link.waitFor({ timeout: 10_000 });
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The rollback service saves the bundle just after it marks the deployment RolledBack.
    const href = new URL((await link.getAttribute('href'))!, dashboardUrl).toString();
    await waitFor(async () => (await fetch(href)).status === 200, { timeoutMs: 15_000, what: `diagnostics of ${id} saved` });
    const diagnostics = await browser.newPage();
    const res = await diagnostics.goto(href);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toMatch(/application\/json/);
    const bundle = JSON.parse(await diagnostics.locator('body').innerText()) as { deploymentId: string; deployment: { phase: string } };
    expect(bundle.deploymentId).toBe(id);
    await diagnostics.close();

    expect(await marker()).toBe(before);
  });
});
