// Browser checks of the built site (make e2e). Usage: node check.mjs <site-dir> <artifacts-dir>
//
// 1. The Nu Html Checker: zero errors on every HTML page.
// 2. Chromium over file://: every page loads with no console error and no failed request;
//    every internal link leads to a page of the site that loads; the language switch leads
//    to the same page in the other language and back.
// 3. axe-core on every page: no serious or critical violation.
// 4. Search as a reader meets it (one form, a short live region, kana, AND, marks, "/").
// 5. On a desk the side navigation marks the current page. At 390 px no page scrolls
//    sideways, every H1 starts within 130 px of the top, no figure is wider than the
//    screen or has labels under 11 px; printing the full edition keeps both large
//    figures within the page and stays under 50 A4 pages (55 in English); a tap pins a
//    highlight. The matrix at 390 px: its header row sticky in its box.
// 6. Screenshots of the main page types, both languages, desktop and phone.
// Exits non-zero when any check fails, listing every failure.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const site = resolve(process.argv[2] || '../../public');
const artifacts = resolve(process.argv[3] || '../artifacts');
const failures = [];
const fail = (msg) => { failures.push(msg); console.error('FAIL ' + msg); };

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name.startsWith('.')) return [];
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const pages = walk(site).filter((p) => p.endsWith('.html')).sort();
const rel = (p) => relative(site, p).split('\\').join('/');
console.log(`${pages.length} pages in ${site}`);

// 1. Nu Html Checker
{
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  try {
    execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'gnu', ...pages], {
      env: { ...process.env, LC_ALL: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20,
    });
    console.log('vnu: no errors');
  } catch (e) {
    const out = (e.stderr?.toString() || '') + (e.stdout?.toString() || '');
    for (const line of out.split('\n').filter(Boolean)) fail('vnu: ' + line.replace(site + '/', ''));
  }
}

// 2-4. Chromium
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const axeSource = require('axe-core').source;
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
context.setDefaultTimeout(15000);
const loaded = new Set();
const linksOf = new Map();

for (const file of pages) {
  const name = rel(file);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('script error: ' + e.message));
  page.on('requestfailed', (r) => problems.push('failed request: ' + r.url()));
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const links = await page.$$eval('a[href], link[href], script[src], img[src]', (els) =>
      els.map((e) => e.getAttribute('href') ?? e.getAttribute('src')));
    linksOf.set(name, links);
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'], preload: false }));
    for (const v of result.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        problems.push(`axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
      }
    }
    if (problems.length === 0) loaded.add(name);
  } catch (e) {
    problems.push('did not load: ' + e.message.split('\n')[0]);
  }
  for (const p of problems) fail(`${name}: ${p}`);
  await page.close();
}

for (const [name, links] of linksOf) {
  for (const link of links) {
    if (/^(https?|mailto):/.test(link)) continue;
    if (/^[a-z]+:/i.test(link)) { fail(`${name}: link ${link} has a scheme the site does not allow`); continue; }
    const target = link.split('#')[0];
    if (target === '') continue;
    const abs = resolve(dirname(join(site, name)), target);
    const t = rel(abs);
    // A target with errors of its own is reported once, under its own name.
    if (t.endsWith('.html') ? !linksOf.has(t) : !statExists(abs)) fail(`${name}: link ${link} leads to ${t}, which does not load`);
  }
}
function statExists(p) { try { return statSync(p).isFile(); } catch { return false; } }

// The language switch, there and back, on one page of each kind.
for (const name of ['ja/index.html', 'ja/schemes/ismap.html', 'en/standards/iso-iec-27001.html', 'ja/matrix.html']) {
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(join(site, name)).href);
    await page.click('a.lang');
    const other = rel(fileURLToPath(page.url()));
    const want = (name.startsWith('ja/') ? 'en/' : 'ja/') + name.slice(3);
    if (other !== want) fail(`${name}: language switch led to ${other}, want ${want}`);
    await page.click('a.lang');
    const back = rel(fileURLToPath(page.url()));
    if (back !== name) fail(`${want}: language switch led back to ${back}, want ${name}`);
  } catch (e) {
    fail(`${name}: language switch: ${e.message.split('\n')[0]}`);
  }
  await page.close();
}

// Search from file://, with a Japanese and an English query.
for (const [lang, q, want] of [['ja', '金融', 'fisc-guidelines.html'], ['ja', 'ゼロトラスト', 'fedramp.html'], ['en', 'authoriz', 'fedramp.html']]) {
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(join(site, lang, 'search.html')).href + '?q=' + encodeURIComponent(q));
    await page.waitForSelector('#search-results li', { timeout: 5000 });
    const hrefs = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
    if (!hrefs.some((h) => h.split('?')[0].endsWith(want))) fail(`${lang}/search.html?q=${q}: results ${hrefs.slice(0, 5).join(', ')} lack ${want}`);
    else console.log(`search ${lang} "${q}": ${hrefs.length} results, ${want} among them`);
  } catch (e) {
    fail(`${lang}/search.html?q=${q}: ${e.message.split('\n')[0]}`);
  }
  await page.close();
}

// Search as a reader meets it: one search form, the header's, holding the query; a live
// region that says how many and no more; kana and widths folded; words separated by a
// space all found, in any order; the words marked on the page a result opens; "/" to
// search from any page.
{
  const page = await context.newPage();
  const searchURL = (lang) => pathToFileURL(join(site, lang, 'search.html')).href;
  // results returns the result pages for q, typed into the search box as a reader would.
  const results = async (q) => {
    await page.fill('form[role="search"] input[name="q"]', '');
    await page.type('form[role="search"] input[name="q"]', q);
    await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, q, { timeout: 5000 });
    return page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href').split('?')[0]));
  };
  const check = async (what, f) => {
    try {
      const problem = await f();
      if (problem) fail(`search: ${what}: ${problem}`);
      else console.log(`search: ${what}: ok`);
    } catch (e) {
      fail(`search: ${what}: ${e.message.split('\n')[0]}`);
    }
  };
  await check('one search form, holding the query, and a short live region', async () => {
    await page.goto(searchURL('en') + '?q=cloud');
    await page.waitForSelector('#search-results li', { timeout: 5000 });
    const s = await page.evaluate(() => {
      const live = [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')];
      return {
        forms: document.querySelectorAll('form').length,
        landmarks: document.querySelectorAll('[role="search"], search').length,
        boxes: document.querySelectorAll('input[type="search"]').length,
        value: document.querySelector('form[role="search"] input[name="q"]').value,
        spoken: live.map((e) => e.textContent.trim()).join(' | '),
        results: document.querySelectorAll('#search-results li').length,
      };
    });
    console.log(`  en "cloud": ${s.results} results; the live region says "${s.spoken}"`);
    if (s.forms !== 1 || s.landmarks !== 1 || s.boxes !== 1) return `${s.forms} forms, ${s.landmarks} search landmarks, ${s.boxes} search boxes`;
    if (s.value !== 'cloud') return `the search box holds "${s.value}"`;
    if (s.spoken.length === 0 || s.spoken.length > 40) return `the live region says ${s.spoken.length} characters: ${s.spoken.slice(0, 80)}`;
    return '';
  });
  await check('hiragana, katakana, full and half width find the same', async () => {
    await page.goto(searchURL('ja'));
    const kata = await results('クラウド');
    const hira = await results('くらうど');
    const half = await results('ｸﾗｳﾄﾞ');
    const isms = await results('ＩＳＭＡＰ');
    console.log(`  ja: クラウド ${kata.length}, くらうど ${hira.length}, ｸﾗｳﾄﾞ ${half.length}, ＩＳＭＡＰ ${isms.length} results`);
    if (kata.length === 0 || hira.join() !== kata.join() || half.join() !== kata.join()) return `くらうど and ｸﾗｳﾄﾞ do not find what クラウド finds`;
    if (!isms.includes('schemes/ismap.html')) return `ＩＳＭＡＰ does not find schemes/ismap.html`;
    return '';
  });
  await check('words separated by a space are all found, in any order', async () => {
    await page.goto(searchURL('ja'));
    const a = await results('医療');
    const b = await results('ガイドライン');
    const ab = await results('医療 ガイドライン');
    const ba = await results('ガイドライン　医療');
    console.log(`  ja: 医療 ${a.length}, ガイドライン ${b.length}, 医療 ガイドライン ${ab.length} results`);
    if (!ab.includes('schemes/medical-guidelines.html')) return `医療 ガイドライン does not find schemes/medical-guidelines.html: ${ab.join(', ')}`;
    if (ab.some((u) => !a.includes(u) || !b.includes(u))) return `医療 ガイドライン finds pages one of the words does not`;
    if ([...ab].sort().join() !== [...ba].sort().join()) return `the order of the words changes what is found`;
    return '';
  });
  await check('the page a result opens marks the words, from file://', async () => {
    await page.goto(searchURL('ja'));
    await results('医療 がいどらいん');
    await Promise.all([page.waitForNavigation(), page.click('#search-results a[href^="schemes/medical-guidelines.html"]')]);
    const marks = await page.$$eval('main mark.search-found', (ms) => ms.map((m) => m.textContent));
    console.log(`  opened ${rel(fileURLToPath(page.url()))}: ${marks.length} marks (${[...new Set(marks)].slice(0, 4).join(', ')})`);
    if (!marks.includes('医療') || !marks.includes('ガイドライン')) return `marks ${marks.slice(0, 6).join(', ')}`;
    return '';
  });
  await check('"/" goes to the search box from a page', async () => {
    await page.goto(pathToFileURL(join(site, 'en', 'schemes', 'fedramp.html')).href);
    await page.keyboard.press('/');
    const active = await page.evaluate(() => document.activeElement && document.activeElement.matches('form[role="search"] input[name="q"]'));
    return active ? '' : 'the focus is not in the search box';
  });
  await page.close();
}
{
  // On a touch screen the hint names no keys.
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  try {
    for (const lang of ['ja', 'en']) {
      await page.goto(pathToFileURL(join(site, lang, 'search.html')).href);
      const hint = await page.isVisible('#search-hint') ? await page.innerText('#search-hint') : '';
      if (!hint || /↓|arrow|Enter|\//.test(hint)) fail(`${lang}/search.html on a phone: the hint reads "${hint}"`);
      else console.log(`${lang}/search.html on a phone: the hint names no keys`);
    }
  } catch (e) {
    fail('search on a phone: ' + e.message.split('\n')[0]);
  }
  await ctx.close();
}

// The matrix filters: choosing a region hides the other regions' rows.
{
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(join(site, 'en', 'matrix.html')).href);
    const all = await page.$$eval('tbody tr[data-region]', (r) => r.length);
    await page.selectOption('select[data-filter="region"]', 'domestic');
    const shown = await page.$$eval('tbody tr[data-region]:not([hidden])', (r) => r.map((x) => x.getAttribute('data-region')));
    if (!shown.length || shown.length >= all || shown.some((x) => x !== 'domestic')) fail(`matrix filter: ${shown.length} of ${all} rows shown for domestic`);
    else console.log(`matrix filter: ${shown.length} of ${all} rows for domestic`);
  } catch (e) {
    fail('matrix filter: ' + e.message.split('\n')[0]);
  }
  await page.close();
}

// The matrix on a phone: the page does not scroll sideways; the table scrolls in its box
// with the header row and the scheme column in view.
{
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  ctx.setDefaultTimeout(15000);
  const page = await ctx.newPage();
  for (const lang of ['ja', 'en']) {
    try {
      await page.goto(pathToFileURL(join(site, lang, 'matrix.html')).href);
      const r = await page.evaluate(() => {
        const wrap = document.querySelector('.matrix-wrap');
        wrap.scrollIntoView();
        wrap.scrollTop = wrap.scrollHeight;
        wrap.scrollLeft = wrap.scrollWidth;
        const box = wrap.getBoundingClientRect();
        const corner = document.querySelector('.matrix thead th.corner').getBoundingClientRect();
        const std = document.querySelector('.matrix thead th.std').getBoundingClientRect();
        return { page: document.documentElement.scrollWidth, width: innerWidth, scrolled: wrap.scrollTop > 0 && wrap.scrollLeft > 0,
          top: Math.abs(std.top - box.top) < 2, left: Math.abs(corner.left - box.left) < 2 && Math.abs(corner.top - box.top) < 2 };
      });
      if (r.page > r.width) fail(`${lang}/matrix.html: at 390 px the page is ${r.page} px wide`);
      else if (!r.scrolled || !r.top || !r.left) fail(`${lang}/matrix.html: at 390 px, scrolled in its box, the header does not stay in view (${JSON.stringify(r)})`);
      else console.log(`${lang}/matrix.html at 390 px: no sideways page scroll; the header stays in view in the scrolled box`);
    } catch (e) {
      fail(`${lang}/matrix.html at 390 px: ${e.message.split('\n')[0]}`);
    }
  }
  await ctx.close();
}

// The side navigation on a desk marks the page the reader is on, and only it.
for (const name of ['ja/index.html', 'ja/schemes/ismap.html', 'en/standards/iso-iec-27017.html']) {
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(join(site, name)).href, { waitUntil: 'load' });
    const marked = await page.$$eval('nav.side [aria-current="page"]', (as) => as.map((a) => ({ here: a.href === location.href, shown: a.getClientRects().length > 0 })));
    if (marked.length !== 1 || !marked[0].here || !marked[0].shown) fail(`${name}: the side navigation marks ${JSON.stringify(marked)}; want this page, shown`);
  } catch (e) {
    fail(`${name}: side navigation: ${e.message.split('\n')[0]}`);
  }
  await page.close();
}

// Every page on a phone: no sideways scroll, the H1 within 130 px of the top (header and
// breadcrumbs kept short); no figure wider than the 390 px screen, none shrunk below 11
// px labels.
{
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  ctx.setDefaultTimeout(15000);
  const withFigures = pages.filter((p) => readFileSync(p, 'utf8').includes('<svg xmlns="http://www.w3.org/2000/svg" class="diagram'));
  let figures = 0;
  const before = failures.length;
  for (const file of pages) {
    const page = await ctx.newPage();
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const found = await page.evaluate(() => {
        const out = [];
        for (const svg of document.querySelectorAll('svg.diagram')) {
          if (svg.getClientRects().length === 0) continue; // not shown at this width
          const r = svg.getBoundingClientRect();
          const px = parseFloat(svg.getAttribute('font-size')) * r.width / svg.viewBox.baseVal.width;
          out.push({ id: svg.getAttribute('aria-labelledby'), left: r.left, right: r.right, px });
        }
        const h1 = document.querySelector('main h1:not(.choice h1)'); // not the language cards of index.html, 404.html
        return { out, scroll: document.documentElement.scrollWidth, width: window.innerWidth, h1: h1 && h1.getBoundingClientRect().top + scrollY };
      });
      if (found.scroll > found.width) fail(`${rel(file)}: at 390 px the page is ${found.scroll} px wide`);
      if (found.h1 > 130) fail(`${rel(file)}: at 390 px the H1 starts ${found.h1.toFixed(0)} px from the top; at most 130`);
      for (const f of found.out) {
        figures++;
        if (f.left < 0 || f.right > found.width + 0.5) fail(`${rel(file)}: at 390 px figure ${f.id} spans ${f.left.toFixed(1)} to ${f.right.toFixed(1)} px`);
        if (f.px < 10.95) fail(`${rel(file)}: at 390 px figure ${f.id} has labels of ${f.px.toFixed(1)} px; at least 11 are readable`);
      }
    } catch (e) {
      fail(`${rel(file)}: at 390 px: ${e.message.split('\n')[0]}`);
    }
    await page.close();
  }
  await ctx.close();
  if (failures.length === before) console.log(`phone: ${pages.length} pages fit 390 px, H1 near the top; ${figures} figures on ${withFigures.length} pages with labels of 11 px or more`);
}

// Printing the full edition keeps both figures, each within the page's width.
for (const lang of ['ja', 'en']) {
  const ctx = await browser.newContext({ viewport: { width: 718, height: 1047 } }); // A4 less margins, at 96 dpi
  const page = await ctx.newPage();
  try {
    await page.goto(pathToFileURL(join(site, lang, 'full.html')).href);
    await page.emulateMedia({ media: 'print' });
    for (const id of ['figure-1-1', 'families']) {
      const shown = await page.evaluate((id) => [...document.querySelectorAll(`svg[aria-labelledby^="${id}"]`)]
        .filter((s) => s.getClientRects().length > 0)
        .map((s) => s.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height, right: r.right })), id);
      if (shown.length !== 1) fail(`${lang}/full.html: printed, ${shown.length} forms of figure ${id} show; want 1`);
      else if (shown[0].right > 718 || shown[0].w < 300) fail(`${lang}/full.html: printed, figure ${id} is ${shown[0].w.toFixed(0)} px wide, ending at ${shown[0].right.toFixed(0)}`);
    }
    // The edition flows (a new page per chapter, not per card): under 50 A4 pages in
    // Japanese, 55 in English. Pages counted in the PDF's bytes: its /Type /Page objects.
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const text = pdf.toString('latin1');
    const sheets = (text.match(/\/Type\s*\/Page(?![A-Za-z])/g) || []).length
      || Math.max(0, ...[...text.matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1])));
    const most = lang === 'ja' ? 49 : 54;
    if (sheets < 10 || sheets > most) fail(`${lang}/full.html: printed to A4, ${sheets} pages; want 10 to ${most}`);
    console.log(`print ${lang}/full.html: both figures, ${sheets} A4 pages`);
  } catch (e) {
    fail(`${lang}/full.html: print: ${e.message.split('\n')[0]}`);
  }
  await ctx.close();
}

// A tap on a touch screen pins a box's highlight; a second tap follows its link.
{
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  ctx.setDefaultTimeout(15000);
  const page = await ctx.newPage();
  try {
    const url = pathToFileURL(join(site, 'en', 'diagram.html')).href;
    await page.goto(url);
    const box = page.locator('svg[aria-labelledby="figure-1-1-narrow-title"] .node a').first();
    await box.tap();
    await page.waitForTimeout(200);
    const state = await page.evaluate(() => {
      const node = document.querySelector('svg[aria-labelledby="figure-1-1-narrow-title"] .node');
      return { pinned: node.classList.contains('pinned'), hl: getComputedStyle(node.querySelector('.hl')).display };
    });
    if (page.url() !== url) fail(`diagram.html: the first tap on a box left the page for ${page.url()}`);
    else if (!state.pinned || state.hl === 'none') fail(`diagram.html: a tap did not pin the highlight (${JSON.stringify(state)})`);
    else {
      await Promise.all([page.waitForURL((u) => u.href !== url), box.tap()]);
      console.log(`tap: the first pins the highlight, the second opens ${rel(fileURLToPath(page.url()))}`);
    }
  } catch (e) {
    fail('diagram.html: tap: ' + e.message.split('\n')[0]);
  }
  await ctx.close();
}

// Screenshots for people to look at (CI keeps the folder).
const shots = join(artifacts, 'screenshots');
mkdirSync(shots, { recursive: true });
const shotPages = ['index.html', 'schemes/ismap.html', 'schemes/fedramp.html', 'standards/iso-iec-27001.html', 'matrix.html', 'diagram.html', 'search.html?q=クラウド', 'schemes/medical-guidelines.html?q=医療%20ガイドライン'];
for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  for (const lang of ['ja', 'en']) {
    for (const p of shotPages) {
      const page = await ctx.newPage();
      const [file, query] = p.split('?');
      await page.goto(pathToFileURL(join(site, lang, file)).href + (query ? '?' + query : ''));
      await page.screenshot({ path: join(shots, `${lang}-${file.replace(/[/.]/g, '_')}-${label}.png`), fullPage: true });
      await page.close();
    }
  }
  await ctx.close();
}
await browser.close();

if (failures.length) {
  console.error(`\n${failures.length} check(s) failed`);
  process.exit(1);
}
console.log(`ok: ${pages.length} pages valid, accessible, loading offline; screenshots in ${shots}`);
