'use strict';
/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 *
 * Reads the built documentation site the way a reader does: Debian's
 * Chromium, headless, driven by playwright-core (which never downloads a
 * browser of its own), against the site served over HTTP on 127.0.0.1, and
 * opened from disk.
 *
 *   node site.test.js SITE_DIR SHOTS_DIR
 *
 * What it checks, on every page it reaches from the home page:
 * - one site: every page, guide or manual, has the same theme, stylesheet,
 *   navigation and one search box, and no second search or general index;
 * - links land where the reader wants: every link into a reference page
 *   opens it with its title and prototype in view, and the declaration
 *   sits folded right under the prototype;
 * - each reference page has its Context (functions), and every page a
 *   "See also" line;
 * - one search finds a function (and opens its page at the top), a word
 *   that only the manual has, and a structure field, with snippets; a page
 *   opened from disk says how to search;
 * - at 390 px no page is wider than the screen, and no name in the
 *   navigation is broken mid-word or cut, at 390 px and at 1280 px;
 * - every internal link resolves, anchors included; nothing is fetched
 *   from outside the machine; no JavaScript error; no request for a
 *   missing file (a favicon included).
 * Saves screenshots in SHOTS_DIR and ends with one line:
 * "browser: N passed, N failed".
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
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

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
        // Every miss counts, a favicon's too: a page names its icon.
        notFound.add(url.pathname);
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
  const start = Date.now();
  try {
    await fn(problems);
  } catch (e) {
    problems.push(String(e && e.message ? e.message.split('\n')[0] : e));
  }
  report(`${name} [${((Date.now() - start) / 1000).toFixed(1)} s]`, problems);
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

/* Every HTML page reachable from start, with its text, ids and links; the
 * links that do not resolve (file or anchor) go into problems. */
async function crawl(origin, start, problems) {
  const pages = new Map(); // path -> { html, ids }
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
    pages.set(pagePath, { html, ids: htmlIds(html) });
    for (const link of htmlLinks(html)) {
      const url = new URL(link, origin + pagePath);
      if (url.origin !== origin) continue; // an outside link, not a load
      refs.push([pagePath, url]);
      if (url.pathname.endsWith('.html') && !seen.has(url.pathname)) {
        seen.add(url.pathname);
        queue.push(url.pathname);
      }
    }
  }
  const files = new Map();
  for (const [from, url] of refs) {
    let ids = pages.has(url.pathname) ? pages.get(url.pathname).ids : undefined;
    if (ids === undefined) {
      if (!files.has(url.pathname)) {
        files.set(url.pathname, (await fetch(url.origin + url.pathname)).status);
      }
      if (files.get(url.pathname) !== 200) {
        problems.push(`${from} -> ${url.pathname}: HTTP ${files.get(url.pathname)}`);
        continue;
      }
    }
    const anchor = decodeURIComponent(url.hash.slice(1));
    if (anchor && ids && !ids.has(anchor)) {
      problems.push(`${from} -> ${url.pathname}#${anchor}: no such anchor`);
    }
  }
  return { pages, links: refs.length };
}

const isManual = (p) => p.startsWith('/manual/');
const isReference = (p) => /^\/manual\/reference\/(?!index\.html)[^/]+\.html$/.test(p);
const pageName = (p) => path.basename(p, '.html');
const textOf = (html) => html.replace(/<script[\s\S]*?<\/script>/gi, ' ')
  .replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');

/* --- in the browser --- */

/* Names of the navigation that wrap inside a word, or are cut short. */
function brokenNavNames() {
  const bad = [];
  for (const link of document.querySelectorAll('.md-nav--primary .md-nav__link, .md-nav--secondary .md-nav__link')) {
    const style = getComputedStyle(link);
    if (link.offsetParent === null || style.visibility === 'hidden') continue;
    const label = link.textContent.trim();
    if (!label) continue;
    if (link.scrollWidth > link.clientWidth + 1) bad.push(`${label}: cut short`);
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\S+/g;
      let m;
      while ((m = re.exec(node.data)) !== null) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) bad.push(`${label}: "${m[0]}" broken across lines`);
      }
    }
  }
  return bad;
}

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
      viewport: DESKTOP,
    });
    context.setDefaultTimeout(TIMEOUT_MS);
    // Nothing may leave the machine: fonts, scripts, images all come from
    // the site itself (or from disk, for the file:// check).
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === origin || ['data:', 'blob:', 'file:'].includes(url.protocol)) {
        return route.continue();
      }
      outside.add(url.href);
      return route.abort();
    });
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => {
      // From disk the theme cannot fetch its search index: the page says
      // how to search instead (checked below).
      if (!page.url().startsWith('file:')) jsErrors.push(`${page.url()}: ${e.message}`);
    });
    const shot = (name) => page.screenshot({ path: path.join(shotsDir, `${name}.png`) });
    /* A second tab for the checks of layout and landing, which visit every
     * page: without the search's worker, each page loads in a fraction of
     * the time (the worker builds the whole index on every page). */
    const layout = await context.newPage();
    layout.on('pageerror', (e) => jsErrors.push(`${layout.url()}: ${e.message}`));
    await layout.route('**/assets/javascripts/workers/**', (route) => route.abort());
    const text = (sel) => page.locator(sel).first().innerText();

    const crawlProblems = [];
    const site = await crawl(origin, '/index.html', crawlProblems);
    const all = [...site.pages.keys()];
    const manualPages = all.filter(isManual);
    const referencePages = all.filter(isReference);

    await check(`every internal link resolves, anchors included (${all.length} pages, ${site.links} links)`, async (p) => {
      p.push(...crawlProblems);
      if (manualPages.length < 5) p.push(`only ${manualPages.length} manual pages reached`);
      if (referencePages.length < 15) p.push(`only ${referencePages.length} reference pages reached`);
    });

    await check('one site: every page has the same theme, stylesheet, navigation and one search box', async (p) => {
      const css = (html) => (/href="[^"]*(assets\/stylesheets\/main\.[^"]+\.css)"/.exec(html) || [])[1];
      const want = css(site.pages.get('/index.html').html);
      if (!want) p.push('the home page loads no theme stylesheet');
      for (const [pagePath, { html }] of site.pages) {
        if (css(html) !== want) p.push(`${pagePath}: stylesheet ${css(html)}, not ${want}`);
        if (!/class="md-header/.test(html)) p.push(`${pagePath}: not in the site's theme`);
        if (!/md-nav--primary/.test(html)) p.push(`${pagePath}: no site navigation`);
        const boxes = (html.match(/class="md-search__input/g) || []).length;
        if (boxes !== 1) p.push(`${pagePath}: ${boxes} search boxes`);
        if (/href="[^"]*(search|genindex)\.html/.test(html)) p.push(`${pagePath}: links a second search or a general index`);
        if (!/<link rel="icon" href="[^"]+"/.test(html)) p.push(`${pagePath}: names no icon`);
      }
    });

    await check('every page has a "See also" line with links', async (p) => {
      for (const [pagePath, { html }] of site.pages) {
        const m = /<h2 id="[^"]*">See also<a[\s\S]*?<\/h2>([\s\S]*?)(<\/section>|<\/article>|<h2)/.exec(html);
        if (!m || !/<a [^>]*href=/.test(m[1])) p.push(`${pagePath}: no "See also" with links`);
      }
    });

    await check('the manual writes C: no C++ scope (a::b) and no "Param x:" lines', async (p) => {
      for (const pagePath of manualPages) {
        const t = textOf(site.pages.get(pagePath).html);
        const scope = /\b\w+::\w+/.exec(t);
        if (scope) p.push(`${pagePath}: "${scope[0]}"`);
        const param = /\bParam \w+\s*:/.exec(t);
        if (param) p.push(`${pagePath}: "${param[0]}"`);
      }
    });

    await check('home page shows the title, the guide and the manual in its navigation', async (p) => {
      const res = await page.goto(`${origin}/index.html`);
      if (res.status() !== 200) p.push(`HTTP ${res.status()}`);
      const h1 = await text('article h1');
      if (!/mempool/.test(h1)) p.push(`h1 is "${h1}"`);
      const nav = await page.locator('nav.md-nav--primary').first().textContent();
      for (const item of ['Quick start', 'Design', 'Mynewt compatibility', 'Performance',
        'Reference manual', 'Memory Pools', 'API index']) {
        if (!nav.includes(item)) p.push(`navigation lacks "${item}"`);
      }
      await shot('home');
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
      });
    }

    await check('performance page is there', async (p) => {
      const res = await page.goto(`${origin}/performance.html`);
      if (res.status() !== 200) p.push(`HTTP ${res.status()}`);
      if (!/make bench/.test(await page.locator('article').innerText())) p.push('does not say how the figures are made');
    });

    await check('os_mempool_init page: prototype, folded declaration under it, Arguments, Context, example, See also', async (p) => {
      await page.goto(`${origin}/manual/reference/os_mempool_init.html`);
      const h1 = (await text('article h1')).replace(/[¶\s]/g, '');
      if (h1 !== 'os_mempool_init') p.push(`h1 is "${h1}"`);
      const tables = await page.locator('article table').evaluateAll((ts) => ts.map((t) => t.innerText));
      const args = tables.find((t) => /Arguments/.test(t) && /Description/.test(t));
      if (!args) {
        p.push('no table with "Arguments" and "Description"');
      } else {
        for (const a of ['mp', 'blocks', 'block_size', 'membuf', 'name']) {
          if (!new RegExp(`(^|\\s)${a}(\\s|$)`).test(args)) p.push(`Arguments table lacks ${a}`);
        }
      }
      const code = (await page.locator('article pre').allInnerTexts()).join('\n');
      if (!/os_error_t\s+os_mempool_init\s*\(/.test(code)) p.push('no prototype in a code block');
      if (!/rc\s*=\s*os_mempool_init\s*\(/.test(code)) p.push('no example code calling os_mempool_init');
      const folded = await page.evaluate(() => {
        const d = document.querySelector('article details.mempool-decl');
        if (!d) return 'no folded declaration';
        if (d.open) return 'the declaration is not folded';
        const before = d.previousElementSibling;
        if (!before || !before.querySelector('pre')) return 'the declaration is not right under the prototype';
        return '';
      });
      if (folded) p.push(folded);
      await shot('manual-os_mempool_init');
    });

    /* Every reference page, at phone width: it fits, and has what a
     * function page must have. Every other page: it fits. */
    await check(`at ${PHONE.width} px no page is wider than the screen (${all.length} pages)`, async (p) => {
      await layout.setViewportSize(PHONE);
      for (const pagePath of all) {
        await layout.goto(origin + pagePath);
        const width = await layout.evaluate(() => Math.max(document.documentElement.scrollWidth,
          document.body.scrollWidth));
        if (width > PHONE.width) p.push(`${pagePath}: ${width} px wide`);
      }
      await layout.goto(`${origin}/manual/types.html`);
      await layout.screenshot({ path: path.join(shotsDir, 'phone-types.png') });
      await layout.setViewportSize(DESKTOP);
    });

    await check(`every reference page has its Context (functions) and See also, from the header (${referencePages.length} pages)`, async (p) => {
      for (const pagePath of referencePages) {
        const { html } = site.pages.get(pagePath);
        const name = pageName(pagePath);
        const section = (title) => {
          const m = new RegExp(`<h2 id="[^"]*">${title}<a class="headerlink"[\\s\\S]*?</h2>([\\s\\S]*?)(</section>|<h2)`).exec(html);
          return m ? m[1] : null;
        };
        const isFunction = !/^OS_/.test(name);
        const context = section('Context');
        if (isFunction && (context === null || textOf(context).trim().length < 20)) {
          p.push(`${name}: no Context`);
        }
        const see = section('See also');
        if (see === null || !/<a [^>]*href="[^"]+\.html/.test(see)) p.push(`${name}: no See also with links`);
        if (!/<details class="mempool-decl">/.test(html)) p.push(`${name}: no folded declaration`);
      }
    });

    /* Links to a function (or sizing macro), from every page of the site:
     * to its page, by its C name (c.NAME) or Doxygen's id. They land with
     * the page's title and prototype in view. (A link to a section of the
     * page, #example, lands at that section, as it should.) */
    const toFunction = (url) => url.origin === origin && isReference(url.pathname) &&
      (url.hash === '' || /^#(c\.|\w+_8h_1)/.test(url.hash));
    const targets = new Set();
    for (const [pagePath, { html }] of site.pages) {
      for (const link of htmlLinks(html)) {
        const url = new URL(link, origin + pagePath);
        if (toFunction(url)) targets.add(url.pathname + url.hash);
      }
    }
    const fromMempools = htmlLinks(site.pages.get('/manual/mempools.html').html)
      .filter((l) => toFunction(new URL(l, `${origin}/manual/mempools.html`)));
    await check(`a link to a function opens its page at the top (${targets.size} distinct links, ${fromMempools.length} on the Memory Pools page)`, async (p) => {
      if (fromMempools.length < 40) p.push(`only ${fromMempools.length} links into reference pages on the Memory Pools page`);
      // Each page loaded once; each anchor then followed as a link to it
      // would be (the browser scrolls to a new fragment as on a load).
      const byPage = new Map();
      for (const target of targets) {
        const [pagePath, hash] = target.split('#');
        byPage.set(pagePath, [...(byPage.get(pagePath) || []), hash || '']);
      }
      for (const [pagePath, hashes] of byPage) {
        await layout.goto(origin + pagePath);
        for (const hash of hashes) {
          const where = await layout.evaluate(async (h) => {
            window.scrollTo(0, document.body.scrollHeight);
            if (h) {
              window.location.hash = '';
              window.location.hash = h;
            } else {
              window.scrollTo(0, 0);
            }
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            const h1 = document.querySelector('article h1');
            const proto = document.querySelector('article .mempool-prototype');
            const inView = (el) => {
              const r = el.getBoundingClientRect();
              return r.top >= 0 && r.top < window.innerHeight;
            };
            return { h1: h1 && inView(h1), proto: proto && inView(proto), y: window.scrollY };
          }, hash);
          if (!where.h1 || !where.proto) p.push(`${pagePath}#${hash}: title ${where.h1 ? '' : 'not '}in view, prototype ${where.proto ? '' : 'not '}in view (scrolled ${where.y} px)`);
        }
      }
      // And as a reader does it: a click in the Memory Pools page.
      await page.goto(`${origin}/manual/mempools.html`);
      await page.locator('article a[href*="reference/os_memblock_put.html"]').first().click();
      await page.waitForLoadState('load');
      const h1 = await text('article h1');
      const seen = await page.evaluate(() => {
        const r = document.querySelector('article h1').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
      if (!/os_memblock_put/.test(h1) || !seen) p.push(`the click opened "${h1}", its title ${seen ? '' : 'not '}in view`);
    });

    /* The one search box, as a reader types into it. */
    // One page load for all the queries (the index is built once per
    // page); a query replaces the one before, as a reader retypes it.
    let searchReady = false;
    const search = async (query) => {
      const input = page.locator('input.md-search__input');
      if (!searchReady) {
        await page.goto(`${origin}/index.html`);
        await page.locator('label.md-search__icon, .md-search__input').first().click();
        searchReady = true;
      } else {
        await input.fill('');
        await page.locator('.md-search-result__item').first().waitFor({ state: 'detached' });
      }
      await input.pressSequentially(query, { delay: 15 });
      const hits = page.locator('.md-search-result__item a.md-search-result__link');
      await hits.first().waitFor();
      return hits;
    };
    // The results once they answer the whole query: the theme answers each
    // key as it is typed, and an answer to a shorter prefix can show first.
    // Settled means the same list over three reads 250 ms apart.
    const hrefs = async (hits) => {
      let last = null;
      let same = 0;
      for (let i = 0; i < 40 && same < 3; i++) {
        await page.waitForTimeout(250);
        const now = await hits.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        same = last !== null && now.join(' ') === last.join(' ') ? same + 1 : 0;
        last = now;
      }
      return last;
    };

    // A word of the manual's example only, so only the manual can match it.
    const manualWord = 'nffs_file_pool';
    await check(`search finds "${manualWord}", a word only the manual has`, async (p) => {
      const elsewhere = all.filter((q) => !isManual(q) && textOf(site.pages.get(q).html).includes(manualWord));
      if (elsewhere.length) p.push(`the word is also on ${elsewhere.join(' ')}: pick another`);
      const links = await hrefs(await search(manualWord));
      await shot('search-manual-word');
      if (!links.some((h) => /manual\/reference\/os_mempool_init\.html/.test(h))) p.push(`results: ${links.slice(0, 4).join(' ')}`);
    });

    await check('search finds a structure field (mp_min_free) and a guide page (OS_INVALID_PARM)', async (p) => {
      let links = await search('mp_min_free');
      links = await hrefs(links);
      if (!links.some((h) => /#c\.os_mempool\.mp_min_free$/.test(h))) p.push(`mp_min_free: ${links.slice(0, 4).join(' ')}`);
      links = await hrefs(await search('OS_INVALID_PARM'));
      if (!links.some((h) => h.includes('guide/mynewt.html'))) p.push(`OS_INVALID_PARM: ${links.slice(0, 4).join(' ')}`);
    });

    await check('search finds os_memblock_put, with a snippet, and opens its page at the top', async (p) => {
      const hits = await search('os_memblock_put');
      await shot('search-function');
      const links = await hrefs(hits);
      if (!links.length || !/manual\/reference\/os_memblock_put\.html$/.test(links[0])) {
        p.push(`first results: ${links.slice(0, 4).join(' ')}`);
        return;
      }
      const snippet = await page.locator('.md-search-result__item').first().innerText();
      if (!/Returns a block|block/.test(snippet)) p.push(`no snippet: "${snippet}"`);
      await hits.first().click();
      searchReady = false;
      await page.waitForLoadState('load');
      const h1 = await text('article h1');
      const y = await page.evaluate(() => window.scrollY);
      if (!/os_memblock_put/.test(h1) || y > 0) p.push(`opened "${h1}" scrolled ${y} px`);
    });

    await check('no name in the navigation or a table of contents is broken mid-word or cut, at 1280 px and 390 px', async (p) => {
      // The Memory Pools page: its table of contents lists every function.
      await page.goto(`${origin}/manual/mempools.html`);
      for (const b of await page.evaluate(brokenNavNames)) p.push(`1280 px, contents: ${b}`);
      await page.goto(`${origin}/manual/reference/os_mempool_set_corrupt_hook.html`);
      // Every section open, so every name is laid out.
      await page.evaluate(() => document.querySelectorAll('.md-nav__toggle').forEach((t) => { t.checked = true; }));
      for (const b of await page.evaluate(brokenNavNames)) p.push(`1280 px: ${b}`);
      await page.setViewportSize(PHONE);
      await page.goto(`${origin}/manual/reference/os_mempool_set_corrupt_hook.html`);
      // The drawer, open as the menu button opens it.
      await page.evaluate(() => { document.getElementById('__drawer').checked = true; });
      await page.waitForTimeout(400);
      await shot('phone-navigation');
      for (const b of await page.evaluate(brokenNavNames)) p.push(`390 px: ${b}`);
      await page.setViewportSize(DESKTOP);
    });

    await check('a page opened from disk says how to search', async (p) => {
      for (const file of ['index.html', 'manual/reference/os_mempool_init.html']) {
        await page.goto('file://' + path.join(siteDir, file));
        const note = page.locator('.mempool-offline');
        if (!(await note.isVisible())) {
          p.push(`${file}: no notice`);
          continue;
        }
        if (!/make serve/.test(await note.innerText())) p.push(`${file}: the notice does not say "make serve"`);
      }
      await shot('from-disk');
    });

    await check('no page requested anything outside the machine', async (p) => {
      for (const u of outside) p.push(u);
    });
    await check('no page raised a JavaScript error', async (p) => {
      for (const e of jsErrors) p.push(e);
    });
    await check('the server was never asked for a missing file, a favicon included', async (p) => {
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
