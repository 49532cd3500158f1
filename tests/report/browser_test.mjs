// Browser test of the HTML report: Debian's chromium, driven by playwright-core, opens each report
// from file:// and checks that every chart drew, that the page logged no error and fetched nothing
// from the network, and that the break-even month it shows is the one in results.json.
//
//   node browser_test.mjs SHOT_DIR --page NAME REPORT.html RESULTS.json [MORE.json ...] [--page ...]
//
// One results.json: a scenario report; several, or a compare.json: a comparison, in that order;
// the --json document of `hippo montecarlo` or `hippo sensitivity`: their report.
// Saves screenshots SHOT_DIR/NAME.png (the full page) and NAME-top.png (its first 1250 px) of
// each. Exit status 0 when all checks pass.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [shotDir, ...rest] = process.argv.slice(2);
const pages = [];
for (const arg of rest) {
  if (arg === '--page') pages.push({ files: [] });
  else if (pages.length) pages.at(-1).files.push(arg);
}
if (!shotDir || !pages.length || pages.some((p) => p.files.length < 3)) {
  console.error('usage: node browser_test.mjs SHOT_DIR --page NAME REPORT.html RESULTS.json [MORE.json ...] ...');
  process.exit(2);
}
fs.mkdirSync(shotDir, { recursive: true });

let failures = 0;
let passes = 0;
function check(ok, what) {
  if (ok) passes++;
  else failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

const monthText = (m) => (m === null ? 'never' : `month ${m}`);
const chartsOf = (results) => {
  const ids = ['chart-cash', 'chart-revenue-cost', 'chart-fleet'];
  const tokens = (r) => r.tokens_total ?? r.monthly.reduce((sum, row) => sum + row.tokens, 0);
  if (results.some((r) => tokens(r) > 0)) ids.push('chart-cost-per-mtok');
  if (results.some((r) => r.simulation)) ids.push('chart-latency');
  return ids;
};

// The JSON of `hippo montecarlo` or `hippo sensitivity` (docs/uncertainty.md) in place of results.json.
const uncertaintyChartsOf = (doc) =>
  doc.tornado ? ['chart-tornado'] : Array.isArray(doc.cumulative_cash) ? ['chart-fan', 'chart-breakeven-probability'] : null;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hippo-chromium-'));
// A fresh profile each run (playwright passes it to chromium as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.HIPPO_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1360, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run'],
});
try {
  for (const { files } of pages) {
    const [name, html, ...resultFiles] = files;
    // results.json of `hippo run`, or compare.json of `hippo compare` ({scenarios: [...]}).
    const results = resultFiles.flatMap((f) => {
      const doc = JSON.parse(fs.readFileSync(f, 'utf8'));
      return Array.isArray(doc.scenarios) ? doc.scenarios : [doc];
    });
    const page = await browser.newPage();
    const errors = [];
    const fetched = [];
    page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`${msg.type()}: ${msg.text()}`); });
    page.on('pageerror', (err) => errors.push(`exception: ${err.message}`));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      fetched.push(url);
      return route.abort();
    });
    console.log(`# ${name}: ${html}`);
    await page.goto(pathToFileURL(path.resolve(html)).href);
    await page.waitForFunction(
      () => [...document.querySelectorAll('.chart')].every((el) => el.dataset.rendered),
      null, { timeout: 30000 });

    const drawn = await page.$$eval('.chart', (els) => els.map((el) => {
      const svg = el.querySelector('svg');
      const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
      // Marks of the data (bars, lines, areas, points, rules, text), not axes or legends.
      const marks = svg ? [...svg.querySelectorAll('g.role-mark > *')].length : 0;
      return { id: el.id, rendered: el.dataset.rendered, width: box.width, height: box.height, marks };
    }));
    const uncertain = results.length === 1 ? uncertaintyChartsOf(results[0]) : null;
    const expected = uncertain ?? chartsOf(results);
    check(JSON.stringify(drawn.map((c) => c.id)) === JSON.stringify(expected),
          `${name}: charts ${drawn.map((c) => c.id).join(', ')} (expected ${expected.join(', ')})`);
    for (const c of drawn)
      check(c.rendered === 'true' && c.width > 100 && c.height > 100 && c.marks > 0,
            `${name}: ${c.id} drew an SVG of ${Math.round(c.width)}×${Math.round(c.height)} px with ${c.marks} marks`);

    if (uncertain && results[0].tornado) {
      const bars = await page.$$eval('#chart-tornado g.mark-rect.role-mark > path', (els) => els.length);
      check(bars === 2 * results[0].tornado.length,
            `${name}: the tornado drew ${bars} bars for ${results[0].tornado.length} inputs (a low and a high each)`);
    }
    for (const [i, r] of (uncertain ? [] : results).entries()) {
      const selector = results.length === 1 ? '[data-key="breakeven_month"]' : `[data-scenario="${i}"][data-key="breakeven_month"]`;
      const shown = await page.$$eval(selector, (els) => els.map((el) => el.textContent.trim()));
      check(shown.length > 0 && shown.every((t) => t === monthText(r.breakeven_month)),
            `${name}: ${r.scenario}: break-even shown as ${JSON.stringify(shown)}, results.json says ${r.breakeven_month}`);
    }
    if (!uncertain && results.length === 1 && results[0].breakeven_month !== null) {
      const labels = await page.$$eval('#chart-cash svg text', (els) => els.map((el) => el.textContent));
      check(labels.includes(`break-even: ${monthText(results[0].breakeven_month)}`),
            `${name}: the cash chart marks break-even at ${monthText(results[0].breakeven_month)}`);
    }
    check(errors.length === 0, `${name}: no console errors or warnings${errors.length ? ': ' + errors.join(' | ') : ''}`);
    check(fetched.length === 0, `${name}: nothing fetched from the network${fetched.length ? ': ' + fetched.join(' ') : ''}`);

    const shot = path.join(shotDir, `${name}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    // The top of the page (figures and the first charts), for README.
    const top = path.join(shotDir, `${name}-top.png`);
    await page.screenshot({ path: top, fullPage: true, clip: { x: 0, y: 0, width: 1360, height: 1250 } });
    console.log(`     screenshots ${shot}, ${top}`);
    await page.close();
  }
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
