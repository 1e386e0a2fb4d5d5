/**
 * The dashboard in a real browser: Debian's headless Chromium (/usr/bin/chromium, installed
 * by .ci/run with apt-get) driven by playwright-core, against a cluster of two datacenters in
 * this process: dc1 of two nodes (127.0.0.1-2) and dc2 of one (127.0.0.3), small memtables,
 * gossip every 200 ms so a cut is noticed in seconds. The page loads and shows 3 nodes up; the
 * built-in load (LOCAL_QUORUM from dc1) moves the charts; the big red button cuts dc2 off and
 * the page marks it down while LOCAL_QUORUM writes in dc1 go on without a failure; healing
 * brings it back up. A screenshot of each state goes to test-artifacts/dashboard/.
 * Without Chromium the test is skipped, saying why. Ports: dashboard 19492, admin 19493.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/database.js';
import { Dashboard } from '../../../src/dashboard/dashboard.js';
import { DatabaseLoadTarget } from '../../../src/dashboard/database-load-target.js';
import { getJson } from './dashboard-client.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DASHBOARD_PORT = 19492;
const ADMIN_PORT = 19493;
const TOKEN = 'test-token-e2e-4567';
const LAYOUT = [
  { name: 'dc1', nodes: 2 },
  { name: 'dc2', nodes: 1 },
];
const ARTIFACTS = path.resolve('test-artifacts/dashboard');
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`dashboard e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`);

interface LoadSample {
  atMs: number;
  load: { writesOkPerSecond: number; writeFailuresPerSecond: number; readFailuresPerSecond: number } | null;
}

let dir: string;
let profile: string;
let db: Database;
let dashboard: Dashboard;
let context: BrowserContext;
let page: Page;
const questions: string[] = [];

const shot = (name: string): Promise<Buffer> => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
/** Polled from here: the page's CSP allows no string evaluation (waitForFunction with a string). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
const latest = async (chart: string): Promise<number> => Number(await page.getAttribute(`[data-chart="${chart}"]`, 'data-latest'));

describe.skipIf(!hasChromium)('the dashboard in Chromium', () => {
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-dashboard-e2e-'));
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sibyl-dashboard-chromium-'));
    const [opened, browser] = await Promise.all([
      Database.open({
        dataDir: dir,
        datacenters: LAYOUT,
        threads: 1,
        storage: { memtableBytesPerThread: 16 * 1024 * 1024, preTouchMemory: false },
        cluster: { adminPort: ADMIN_PORT, nativePort: 0, gossipIntervalMs: 200, seed: 5 },
      }),
      chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 1000 } }),
    ]);
    db = opened;
    context = browser;
    const cluster = db.cluster!;
    dashboard = await Dashboard.start({
      host: '127.0.0.1',
      port: DASHBOARD_PORT,
      token: TOKEN,
      hosts: cluster.hosts(),
      adminPort: ADMIN_PORT,
      load: new DatabaseLoadTarget(db, cluster, LAYOUT, 'dc1'),
      log: () => undefined,
    });
    page = context.pages()[0] ?? (await context.newPage());
    // Every action asks first: the test says yes.
    page.on('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.accept();
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await dashboard?.close();
    await db?.close();
    for (const folder of [dir, profile]) if (folder !== undefined) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('shows 3 nodes up, moves under load, marks dc2 down when cut off while dc1 writes at LOCAL_QUORUM, and heals', async () => {
    await page.goto(`${dashboard.url}#token=${TOKEN}`);
    await page.waitForSelector('#summary[data-up="3"][data-total="3"]', { timeout: 15_000 });
    expect(await page.locator('.node[data-status="up"]').count()).toBe(3);
    expect(await page.locator('#ring path.arc').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-chart] canvas').count()).toBeGreaterThanOrEqual(10);
    // Hovering a node shows its load, owned share and host id.
    await page.hover('.node[data-address="127.0.0.3"]');
    const tooltip = await page.textContent('#tooltip');
    expect(tooltip).toMatch(/127\.0\.0\.3 {2}UP/);
    expect(tooltip).toMatch(/datacenter dc2, rack1/);
    expect(tooltip).toMatch(/load .*, owns \d+\.\d%/);
    expect(tooltip).toMatch(/host id [0-9a-f-]{36}/);
    await shot('1-loaded.png');
    await page.mouse.move(0, 0);

    await page.fill('#load-writes', '100');
    await page.fill('#load-reads', '50');
    await page.click('#load-start');
    await until('the writes chart shows the load', async () => (await latest('writes')) >= 20, 20_000);
    expect(await latest('load')).toBeGreaterThan(0);
    await page.waitForSelector('#tables tr[data-table="keyspace1.standard1"]', { timeout: 10_000 });
    await shot('2-under-load.png');

    // The big red button: dc2 (the last datacenter, chosen by default) is cut off.
    expect(await page.inputValue('#cut-target')).toBe('datacenter:dc2');
    await page.click('[data-testid="red-button"]');
    await page.waitForSelector('.node[data-address="127.0.0.3"][data-status="down"]', { timeout: 20_000 });
    await page.waitForSelector('#summary[data-up="2"]', { timeout: 5_000 });
    const downAtMs = Date.now();
    // dc1 keeps writing at LOCAL_QUORUM: in the seconds after dc2 is seen down, writes succeed and none fail.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const history = (await getJson(new URL('api/cluster', dashboard.url).toString())).body['history'] as LoadSample[];
    const duringCut = history.filter((s) => s.atMs > downAtMs && s.load !== null);
    expect(duringCut.length).toBeGreaterThanOrEqual(2);
    expect(duringCut.reduce((n, s) => n + s.load!.writesOkPerSecond, 0), JSON.stringify(duringCut)).toBeGreaterThan(50);
    expect(duringCut.every((s) => s.load!.writeFailuresPerSecond === 0 && s.load!.readFailuresPerSecond === 0), JSON.stringify(duringCut)).toBe(true);
    expect(await latest('writes')).toBeGreaterThan(0);
    const written = await db.onNode('127.0.0.2').execute('SELECT count(*) FROM keyspace1.standard1', [], { consistency: 'LOCAL_QUORUM' });
    expect(Number(written.first()?.['count'])).toBeGreaterThan(0);
    await shot('3-dc2-cut-off.png');

    await page.click('[data-testid="heal"]');
    await page.waitForSelector('#summary[data-up="3"]', { timeout: 20_000 });
    expect(await page.locator('.node[data-status="up"]').count()).toBe(3);
    await page.waitForSelector('#action-log li[data-action="heal"][data-outcome="ok"]', { timeout: 5_000 });
    await shot('4-healed.png');
    await page.click('#load-stop');
    await page.waitForSelector('#load-status:has-text("stopped")', { timeout: 10_000 });
    // Each action asked first.
    expect(questions).toHaveLength(4);
    expect(questions[1]).toMatch(/^Cut datacenter dc2 off/);
  }, 80_000);
});
