'use strict';
/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Reads the built documentation site the way a reader does: Debian's
 * Chromium, headless, driven by playwright-core (which never downloads a
 * browser of its own), against the site served over HTTP on 127.0.0.1.
 *
 *   node site.test.js SITE_DIR SHOTS_DIR
 *
 * Checks the home page, the os_mempool_init reference page, both searches,
 * that every internal link of the MkDocs site and of the Sphinx manual
 * resolves (anchors included), and that no page reaches outside the
 * machine. Saves a screenshot of each page it checks in SHOTS_DIR and ends
 * with one line: "browser: N passed, N failed".
 */

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run',
];
const TIMEOUT_MS = 15000;

const siteDir = path.resolve(process.argv[2] || 'build/site');
const shotsDir = path.resolve(process.argv[3] || 'build/site-test');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml', '.gz': 'application/gzip',
  '.inv': 'application/octet-stream', '.woff': 'font/woff',
  '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

/* --- a static server for the site, recording what it could not serve --- */

const notFound = new Set();

function serve(root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      file = path.join(file, 'index.html');
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        // Chromium asks every page for a favicon; the manual need not have one.
        if (url.pathname !== '/favicon.ico') notFound.add(url.pathname);
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/* --- results --- */

let passed = 0;
let failed = 0;

function report(name, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}`);
    for (const p of problems.slice(0, 20)) console.log(`    ${p}`);
    if (problems.length > 20) console.log(`    ... and ${problems.length - 20} more`);
  }
}

async function check(name, fn) {
  const problems = [];
  try {
    await fn(problems);
  } catch (e) {
    problems.push(String(e && e.message ? e.message.split('\n')[0] : e));
  }
  report(name, problems);
}

/* --- the link crawl, over HTTP without the browser: fast and exact --- */

function htmlLinks(html) {
  const links = [];
  const re = /<(a|link|script|img|iframe)\b[^>]*?\s(href|src)\s*=\s*("([^"]*)"|'([^']*)')/gi;
  let m;
  while ((m = re.exec(html)) !== null) {
    links.push((m[4] !== undefined ? m[4] : m[5]).replace(/&amp;/g, '&'));
  }
  return links;
}

function htmlIds(html) {
  const ids = new Set();
  const re = /\s(?:id|name)\s*=\s*("([^"]*)"|'([^']*)')/gi;
  let m;
  while ((m = re.exec(html)) !== null) ids.add(m[2] !== undefined ? m[2] : m[3]);
  return ids;
}

async function crawl(origin, start, within, problems) {
  const pages = new Map(); // path -> ids, for the pages fetched
  const queue = [start];
  const refs = []; // [from, absolute URL]
  const seen = new Set([start]);
  while (queue.length > 0) {
    const pagePath = queue.shift();
    const res = await fetch(origin + pagePath);
    if (res.status !== 200) {
      problems.push(`${pagePath}: HTTP ${res.status}`);
      continue;
    }
    if (!(res.headers.get('content-type') || '').startsWith('text/html')) continue;
    const html = await res.text();
    pages.set(pagePath, htmlIds(html));
    for (const link of htmlLinks(html)) {
      const url = new URL(link, origin + pagePath);
      if (url.origin !== origin) continue; // an outside link, not a load
      refs.push([pagePath, url]);
      if (within(url.pathname) && !seen.has(url.pathname)) {
        seen.add(url.pathname);
        queue.push(url.pathname);
      }
    }
  }
  let checked = 0;
  for (const [from, url] of refs) {
    checked++;
    let ids = pages.get(url.pathname);
    if (ids === undefined) {
      const res = await fetch(url.origin + url.pathname);
      if (res.status !== 200) {
        problems.push(`${from} -> ${url.pathname}: HTTP ${res.status}`);
        continue;
      }
      if ((res.headers.get('content-type') || '').startsWith('text/html')) {
        ids = htmlIds(await res.text());
        pages.set(url.pathname, ids);
      }
    }
    const anchor = decodeURIComponent(url.hash.slice(1));
    if (anchor && ids && !ids.has(anchor)) {
      problems.push(`${from} -> ${url.pathname}#${anchor}: no such anchor`);
    }
  }
  return { pages: [...pages.keys()].filter(within), links: checked };
}

/* --- the test --- */

async function main() {
  fs.mkdirSync(shotsDir, { recursive: true });
  if (!fs.existsSync(path.join(siteDir, 'index.html'))) {
    report('site is built', [`no ${siteDir}/index.html: run make docs`]);
    return;
  }
  const server = await serve(siteDir);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mempool-chromium-'));
  const outside = new Set();
  const jsErrors = [];
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(TIMEOUT_MS);
    // Nothing may leave the machine: fonts, scripts, images all come from
    // the site itself.
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === origin || url.protocol === 'data:' || url.protocol === 'blob:') {
        return route.continue();
      }
      outside.add(url.href);
      return route.abort();
    });
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => jsErrors.push(`${page.url()}: ${e.message}`));
    const shot = (name) => page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
    const text = (sel) => page.locator(sel).first().innerText();

    await check('home page shows the title, the guide and the manual in its navigation', async (p) => {
      const res = await page.goto(`${origin}/index.html`);
      if (res.status() !== 200) p.push(`HTTP ${res.status()}`);
      const h1 = await text('article h1');
      if (!/mempool/.test(h1)) p.push(`h1 is "${h1}"`);
      const nav = await page.locator('nav.md-nav--primary').first().innerText();
      for (const item of ['Quick start', 'Design', 'Mynewt compatibility', 'Performance', 'Reference manual']) {
        if (!nav.includes(item)) p.push(`navigation lacks "${item}"`);
      }
      await shot('home');
    });

    await check('"Reference manual" in the navigation opens the Sphinx manual', async (p) => {
      await page.goto(`${origin}/index.html`);
      await page.locator('nav.md-nav--primary a', { hasText: 'Reference manual' }).first().click();
      await page.waitForLoadState('load');
      if (!page.url().endsWith('/manual/index.html')) p.push(`landed on ${page.url()}`);
      const body = await page.locator('body').innerText();
      if (!/os_mempool_init/.test(body)) p.push('the manual index does not list os_mempool_init');
      await shot('manual-index');
    });

    for (const [name, file, want] of [
      ['quick start', 'quickstart.html', 'os_mempool_init(&msg_pool'],
      ['design', 'guide/design.html', 'os_memblock_put(&pool_a, block)'],
      ['Mynewt compatibility', 'guide/mynewt.html', 'OS_INVALID_PARM'],
    ]) {
      await check(`${name} page shows its example code, included from docs/examples`, async (p) => {
        await page.goto(`${origin}/${file}`);
        const code = (await page.locator('article pre code').allInnerTexts()).join('\n');
        if (!code.includes(want)) p.push(`no code block contains "${want}"`);
        const body = await page.locator('article').innerText();
        if (body.includes('{% example')) p.push('an example directive was left unexpanded');
        await shot(file.replace(/\//g, '-').replace(/\.html$/, ''));
      });
    }

    await check('performance page is there', async (p) => {
      const res = await page.goto(`${origin}/performance.html`);
      if (res.status() !== 200) p.push(`HTTP ${res.status()}`);
      if (!/make bench/.test(await page.locator('article').innerText())) p.push('does not say how the figures are made');
      await shot('performance');
    });

    // Found by what a reader sees, not by file name: the manual decides
    // where its pages live.
    const inManual = (p) => p.startsWith('/manual/');
    const manual = await crawl(origin, '/manual/index.html', inManual, []);
    let initPage = null;
    for (const pagePath of manual.pages) {
      const html = await (await fetch(origin + pagePath)).text();
      const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
      if (h1 && h1[1].replace(/<[^>]*>/g, '').replace(/[¶\s]/g, '') === 'os_mempool_init') {
        initPage = pagePath;
        break;
      }
    }

    await check('os_mempool_init page shows its prototype, Arguments table and example', async (p) => {
      if (initPage === null) {
        p.push('no manual page is titled os_mempool_init');
        return;
      }
      await page.goto(origin + initPage);
      const tables = await page.locator('table').evaluateAll((ts) => ts.map((t) => t.innerText));
      const args = tables.find((t) => /Arguments/.test(t) && /Description/.test(t));
      if (!args) {
        p.push('no table with "Arguments" and "Description"');
      } else {
        for (const a of ['mp', 'blocks', 'block_size', 'membuf', 'name']) {
          if (!new RegExp(`(^|\\s)${a}(\\s|$)`).test(args)) p.push(`Arguments table lacks ${a}`);
        }
      }
      const code = (await page.locator('pre').allInnerTexts()).join('\n');
      if (!/os_error_t\s+os_mempool_init\s*\(/.test(code)) p.push('no prototype in a code block');
      const example = page.locator('h2, h3, h4, p.rubric', { hasText: /^\s*Example/ });
      if (await example.count() === 0) {
        p.push('no "Example" heading');
      }
      if (!/rc\s*=\s*os_mempool_init\s*\(/.test(code)) p.push('no example code calling os_mempool_init');
      await shot('manual-os_mempool_init');
    });

    await check('Sphinx search finds os_memblock_put and opens its page', async (p) => {
      await page.goto(`${origin}/manual/search.html?q=os_memblock_put`);
      const hits = page.locator('#search-results ul.search li');
      await hits.first().waitFor();
      const texts = await hits.allInnerTexts();
      await shot('manual-search');
      const hit = hits.filter({ hasText: /^\s*os_memblock_put\b(?!_)/ }).first();
      if (await hit.count() === 0) {
        p.push(`no result titled os_memblock_put: ${texts.slice(0, 5).join(' | ')}`);
        return;
      }
      await hit.locator('a').first().click();
      await page.waitForLoadState('load');
      const h1 = await text('h1');
      if (!/os_memblock_put/.test(h1)) p.push(`the result opened "${h1}"`);
    });

    await check('MkDocs search finds the OS_INVALID_PARM alias and opens the Mynewt page', async (p) => {
      await page.goto(`${origin}/index.html`);
      await page.locator('label.md-search__icon, .md-search__input').first().click();
      // Typed key by key: the theme searches as the reader types.
      await page.locator('input.md-search__input').pressSequentially('OS_INVALID_PARM', { delay: 20 });
      const hits = page.locator('.md-search-result__item a.md-search-result__link');
      await hits.first().waitFor();
      await shot('site-search');
      const hrefs = await hits.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      if (!hrefs.some((h) => h.includes('guide/mynewt.html'))) {
        p.push(`results: ${hrefs.slice(0, 5).join(' ')}`);
        return;
      }
      await hits.first().click();
      await page.waitForLoadState('load');
      const h1 = await text('article h1');
      if (h1.replace(/\W+$/, '') !== 'Mynewt compatibility') p.push(`the result opened "${h1}"`);
    });

    for (const [name, start, within] of [
      ['MkDocs site', '/index.html', (p) => !inManual(p)],
      ['Sphinx manual', '/manual/index.html', inManual],
    ]) {
      await check(`every internal link of the ${name} resolves, anchors included`, async (p) => {
        const r = await crawl(origin, start, within, p);
        if (r.pages.length < 2) p.push(`only ${r.pages.length} page reached`);
        console.log(`    (${r.pages.length} pages, ${r.links} links)`);
      });
    }

    await check('no page requested anything outside the machine', async (p) => {
      for (const u of outside) p.push(u);
    });
    await check('no page raised a JavaScript error', async (p) => {
      for (const e of jsErrors) p.push(e);
    });
    await check('the server was never asked for a missing file', async (p) => {
      for (const u of notFound) p.push(u);
    });
  } catch (e) {
    report('browser session', [String(e && e.message ? e.message.split('\n')[0] : e)]);
  } finally {
    if (context) await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(() => {
  console.log(`screenshots: ${shotsDir}`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
});
