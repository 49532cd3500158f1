// Browser test of hippo serve's page: starts `hippo serve --port 0`, opens the page in Debian's
// chromium (playwright-core, as tests/report/browser_test.mjs), moves the paying-share slider and
// checks that the break-even month shown is `hippo run default --set demand.paying_share=V --json`'s,
// that the URL carries the what-if and reopens it, that a variant goes side by side, that the
// sensitivity runs with its progress shown, that Monte Carlo shows its progress and stops on Stop,
// that the what-if downloads as YAML that `hippo run` agrees with and uploads into a fresh page,
// that every chart drew, that nothing was fetched from anywhere but the server, and that the page
// logged no error or warning.
//
//   node browser_test.mjs HIPPO_BIN SHOT.png
//
// Saves a screenshot of the page after the what-if to SHOT.png. Exit status 0 when all checks pass.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [hippoArg, shot] = process.argv.slice(2);
const hippo = hippoArg && path.resolve(hippoArg);
if (!hippo || !shot) {
  console.error('usage: node browser_test.mjs HIPPO_BIN SHOT.png');
  process.exit(2);
}

let failures = 0;
function check(ok, what) {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}
const monthText = (m) => (m === null ? 'never' : `month ${m}`);
const cli = (args) => JSON.parse(execFileSync(hippo, args, { cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'hippo-serve-cli-')) }));

// The server, on a free port; its first line says where.
const server = spawn(hippo, ['serve', 'default', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const origin = await new Promise((resolve, reject) => {
  let err = '';
  server.stderr.on('data', (d) => {
    err += d;
    const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
    if (m) resolve(`http://127.0.0.1:${m[1]}`);
  });
  server.on('exit', (code) => reject(new Error(`hippo serve ended (${code}): ${err}`)));
});
console.log(`# ${origin}`);

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hippo-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.HIPPO_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1360, height: 1000 },
  acceptDownloads: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run'],
});

async function open(url) {
  const page = await browser.newPage();
  page.errors = [];
  page.fetched = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') page.errors.push(`${msg.type()}: ${msg.text()}`); });
  page.on('pageerror', (err) => page.errors.push(`exception: ${err.message}`));
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    page.fetched.push(u);
    return route.abort();
  });
  await page.goto(url);
  await settled(page);
  return page;
}

// Until the results of the last change are shown and every chart has drawn.
async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.busy === '0' &&
    [...document.querySelectorAll('.chart')].every((c) => c.dataset.rendered === 'true' || c.dataset.rendered === 'failed'),
    null, { timeout: 60000 });
}
const shown = (page, key) => page.locator(`#figures [data-key="${key}"]`).textContent();

try {
  const page = await open(`${origin}/`);
  const base = cli(['run', 'default', '--json', '--quiet']);
  check(await shown(page, 'breakeven_month') === monthText(base.breakeven_month), `opens on default: break-even ${monthText(base.breakeven_month)}`);
  const charts = await page.locator('.chart').evaluateAll((els) => els.map((e) => `${e.id}:${e.dataset.rendered}`));
  for (const id of ['chart-cash', 'chart-revenue-cost', 'chart-fleet', 'chart-cost-per-mtok'])
    check(charts.includes(`${id}:true`), `chart ${id} drew`);
  const keyCount = await page.locator('.key').count();
  check(keyCount >= 50, `every numeric key has a row (${keyCount})`);
  const sources = await page.locator('.key[data-key="demand.paying_share"] .source').textContent();
  check(sources.includes('FutureSearch'), 'the paying share shows its source');

  // Move the slider: ten steps to the left with the keyboard, as a user would.
  const slider = page.locator('.key[data-key="demand.paying_share"] input[type=range]');
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  await settled(page);
  const v = await page.locator('.key[data-key="demand.paying_share"] input[type=number]').inputValue();
  check(Number(v) < 0.04, `the slider moved the paying share to ${v}`);
  const moved = cli(['run', 'default', '--set', `demand.paying_share=${v}`, '--json', '--quiet']);
  const breakeven = await shown(page, 'breakeven_month');
  check(breakeven === monthText(moved.breakeven_month),
        `break-even shown (${breakeven}) = hippo run default --set demand.paying_share=${v} --json (${monthText(moved.breakeven_month)})`);
  check(await shown(page, 'payback_month') === monthText(moved.payback_month), 'payback too');
  check(breakeven !== monthText(base.breakeven_month), 'and it moved');

  // The URL carries the what-if; a new tab on it shows the same.
  const url = page.url();
  check(new URL(url).searchParams.get('demand.paying_share') === v, `the URL carries it: ${url}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot, fullPage: false });
  const again = await open(url);
  check(await shown(again, 'breakeven_month') === breakeven, 'the shared URL reopens the same what-if');
  check(await again.locator('.key[data-key="demand.paying_share"] input[type=number]').inputValue() === v, 'with the slider where it was');
  check(await again.locator('.key[data-key="demand.paying_share"]').getAttribute('class') === 'key changed', 'marked as changed');

  // A second variant side by side, with GPUs 30% cheaper.
  await again.click('#add-variant');
  await again.click('details[data-section="fleet"] > summary');
  const price = again.locator('.key[data-key="fleet.gpu_price"] input[type=number]');
  await price.fill('19250');
  await price.dispatchEvent('change');
  await settled(again);
  const cheaper = cli(['run', 'default', '--set', `demand.paying_share=${v}`, '--set', 'fleet.gpu_price=19250', '--json', '--quiet']);
  check(await again.locator('#variants td[data-key="npv"][data-variant="1"]').count() === 1, 'variants side by side');
  check(await shown(again, 'breakeven_month') === monthText(cheaper.breakeven_month), 'variant B shows its own break-even');
  check(new URL(again.url()).searchParams.get('v2.fleet.gpu_price') === '19250', 'the URL carries variant B');

  // Sensitivity on request: the progress bar, then the tornado.
  await again.click('#run-sensitivity');
  await again.waitForSelector('#sensitivity-table', { timeout: 60000 });
  await settled(again);
  const rows = await again.locator('#sensitivity-table tr').count();
  check(rows > 1, `sensitivity table (${rows - 1} inputs)`);
  check(await again.locator('#chart-tornado').getAttribute('data-rendered') === 'true', 'tornado chart drew');

  // Monte Carlo on request: the progress bar fills as the samples go, and Stop ends the job (the
  // largest run the page allows, so that it is still going when Stop is pressed).
  await again.fill('#samples', '100000');
  await again.click('#run-montecarlo');
  await again.waitForFunction(() => {
    const bar = document.getElementById('progress');
    return !bar.hidden && bar.hasAttribute('value') && bar.value > 0;
  }, null, { timeout: 60000, polling: 20 });
  const progress = await again.locator('#progress').evaluate((b) => ({ value: b.value, max: b.max }));
  check(progress.max === 100000 && progress.value > 0 && progress.value < 100000,
        `Monte Carlo's progress bar moves (${progress.value} of ${progress.max})`);
  check(/^montecarlo: \d+ of 100000 samples$/.test(await again.locator('#uncertainty-status').textContent()), 'and says how far');
  await again.click('#stop');
  await again.waitForFunction(() => document.getElementById('stop').hidden, null, { timeout: 60000 });
  check(await again.locator('#uncertainty-status').textContent() === 'montecarlo: stopped', 'Stop stops it');
  check(await again.locator('#progress').isHidden(), 'the progress bar goes');
  check(await again.locator('#montecarlo-table').count() === 0, 'and no result is shown');
  // A small one then runs to its end.
  await again.fill('#samples', '200');
  await again.click('#run-montecarlo');
  await again.waitForSelector('#montecarlo-table', { timeout: 60000 });
  await settled(again);
  check((await again.locator('#montecarlo-table').textContent()).includes('200 samples'), 'Monte Carlo after a stop runs to its end');
  check(await again.locator('#uncertainty-status').textContent() === 'montecarlo: done', 'and says so');

  // Download the changed scenario (variant B: the paying share and the cheaper GPUs written in):
  // `hippo run` of the file gives what the page shows.
  const [download] = await Promise.all([again.waitForEvent('download'), again.click('#download')]);
  const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hippo-serve-yaml-')), download.suggestedFilename());
  await download.saveAs(saved);
  check(download.suggestedFilename() === 'default-what-if.yaml', `downloads ${download.suggestedFilename()}`);
  const fromFile = cli(['run', saved, '--json', '--quiet']);
  check(fromFile.breakeven_month === cheaper.breakeven_month && fromFile.npv === cheaper.npv,
        `hippo run of the downloaded YAML = the what-if (break-even ${monthText(fromFile.breakeven_month)})`);

  // Upload it into a fresh page: its values are the page's starting point.
  const third = await open(`${origin}/`);
  await third.setInputFiles('#upload', saved);
  await third.waitForFunction(() => document.getElementById('title').textContent.startsWith('default-what-if.yaml'), null, { timeout: 60000 });
  await settled(third);
  check(await shown(third, 'breakeven_month') === monthText(fromFile.breakeven_month), 'the uploaded scenario runs: the same break-even');
  check(await third.locator('.key[data-key="demand.paying_share"] input[type=number]').inputValue() === v, 'its paying share in the slider');
  check(await third.locator('.key[data-key="fleet.gpu_price"] input[type=number]').inputValue() === '19250', 'its GPU price in the field');

  // A tiered scenario: each tier's fields have rows of their own, under the names --set takes.
  const tiered = await open(`${origin}/?scenario=chat-2024`);
  const tierRows = await tiered.locator('.key[data-key^="demand.tiers."]').count();
  check(tierRows > 0, `chat-2024 shows its tiers' fields (${tierRows} rows)`);
  check(await tiered.locator('.key[data-key="demand.tiers.plus.price_month"] input[type=number]').inputValue() === '20',
        "the Plus tier's price among them");

  for (const p of [page, again, third, tiered]) {
    check(p.errors.length === 0, `no console error or warning${p.errors.length ? ': ' + p.errors.join(' | ') : ''}`);
    check(p.fetched.length === 0, `nothing fetched from the network${p.fetched.length ? ': ' + p.fetched.join(' ') : ''}`);
  }
} catch (e) {
  check(false, `the test ran: ${e.stack || e}`);
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
  server.kill('SIGINT');
}
const code = await new Promise((resolve) => (server.exitCode !== null ? resolve(server.exitCode) : server.on('exit', (c) => resolve(c))));
check(code === 0, `hippo serve stopped cleanly on SIGINT (status ${code})`);
process.exit(failures ? 1 : 0);
