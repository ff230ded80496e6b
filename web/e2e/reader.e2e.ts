import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, SCREENSHOTS, graphql, graphqlExchangesOf, launch, openPage, problemsOf, screenshot } from './browser';

// The seed article (src/main/resources/seed): Urdu, 17 statements, two of which (by different
// speakers) have exactly the same range in paragraph 13. The reader draws one highlight per
// distinct range and names every statement in it, so the article shows 16 highlights.
const SEED_SLUG = 'microsoft-hackers-russia-china-iran-target-us-campaigns';

interface SeedTruth {
  article: {
    language: string;
    direction: string;
    paragraphs: { position: number; text: string }[];
    statements: { totalCount: number; nodes: { id: string; paragraph: number; start: number; end: number; speaker: { name: string } }[] };
  };
}

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

function searchBox(page: Page) {
  return page.getByRole('combobox', { name: 'Search speakers and countries' });
}

async function closePage(page: Page) {
  const problems = problemsOf(page);
  if (problems.length > 0) throw new Error(`Errors in the browser console:\n${problems.join('\n')}`);
  await page.context().close();
}

describe('article page', () => {
  it('renders the seed article right to left with 16 highlights at the positions the API gives', async () => {
    const truth = await graphql<SeedTruth>(
      `query ($slug: String!) { article(slug: $slug) { language direction paragraphs { position text }
         statements(first: 100) { totalCount nodes { id paragraph start end speaker { name(lang: "en") } } } } }`,
      { slug: SEED_SLUG },
    );
    const statements = truth.article.statements.nodes;
    expect(statements).toHaveLength(17);
    // one highlight per distinct (paragraph, start, end), listing its statements
    const expected = new Map<string, { paragraph: number; start: number; end: number; text: string; ids: string[] }>();
    for (const s of statements) {
      const key = `${s.paragraph}:${s.start}:${s.end}`;
      const text = truth.article.paragraphs.find((p) => p.position === s.paragraph)!.text.slice(s.start, s.end);
      const range = expected.get(key) ?? { paragraph: s.paragraph, start: s.start, end: s.end, text, ids: [] };
      range.ids.push(s.id);
      expected.set(key, range);
    }
    expect(expected.size).toBe(16);

    const page = await openPage(browser, `/reader/#/article/${SEED_SLUG}`);
    await page.locator('article mark.statement').nth(15).waitFor();

    const article = page.locator('article');
    expect(await article.getAttribute('dir')).toBe('rtl');
    expect(await article.getAttribute('lang')).toBe('ur');
    expect(await article.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

    // Where each highlight really sits: its paragraph, and its offset in the paragraph's text as
    // rendered (UTF-16 units of the text before it), measured in the DOM.
    const rendered = await page.$$eval('article mark.statement', (marks) =>
      marks.map((mark) => {
        const paragraph = mark.closest('p[data-paragraph]') as HTMLElement;
        const before = document.createRange();
        before.setStart(paragraph, 0);
        before.setEndBefore(mark);
        const start = before.toString().length;
        const text = mark.textContent ?? '';
        return {
          paragraph: Number(paragraph.dataset['paragraph']),
          start,
          end: start + text.length,
          text,
          ids: (mark.dataset['statementIds'] ?? '').split(' ').sort(),
        };
      }),
    );
    const sortIds = <T extends { ids: string[] }>(r: T): T => ({ ...r, ids: [...r.ids].sort() });
    const byPosition = (a: { paragraph: number; start: number }, b: { paragraph: number; start: number }) =>
      a.paragraph - b.paragraph || a.start - b.start;
    expect(rendered).toHaveLength(16);
    expect(rendered.sort(byPosition)).toEqual([...expected.values()].map(sortIds).sort(byPosition));

    // the paragraph-13 range holds two statements by two speakers: one highlight naming both
    const shared = rendered.filter((r) => r.ids.length === 2);
    expect(shared).toHaveLength(1);
    expect(shared[0]!.paragraph).toBe(13);
    const sharedMark = page.locator('article mark.statement.shared');
    const speakers = statements.filter((s) => shared[0]!.ids.includes(s.id)).map((s) => s.speaker.name);
    for (const name of speakers) expect(await sharedMark.getAttribute('title')).toContain(name);

    // every paragraph's text is rendered whole: highlights only wrap it
    const paragraphs = await page.$$eval('article p[data-paragraph]', (ps) => ps.map((p) => p.textContent));
    expect(paragraphs).toEqual(truth.article.paragraphs.map((p) => p.text));

    // all 17 statements are listed with speaker, kind and countries
    await expect(page.locator('.statement-card').count()).resolves.toBe(17);
    await expect(page.locator('.statement-card .kind').count()).resolves.toBe(17);
    await expect(page.locator('.statement-card a.speaker').count()).resolves.toBe(17);

    await screenshot(page, 'article-en');
    await page.locator('article p[data-paragraph="13"]').screenshot({ path: `${SCREENSHOTS}/article-paragraph-13.png` });
    await page.selectOption('[data-testid=language]', 'ur');
    await page.locator('html[dir=rtl]').waitFor();
    // names follow the reader's language once the article is fetched again with lang: "ur"
    await page.locator('.statement-card a.speaker', { hasText: 'ٹام برٹ' }).first().waitFor();
    await page.locator('.statement-card a.country', { hasText: 'ایران' }).first().waitFor();
    expect(await page.locator('.statement-card a.speaker', { hasText: 'Tom Burt' }).count()).toBe(0);
    await screenshot(page, 'article-ur');
    await closePage(page);
  });
});

describe('speaker page', () => {
  it("lists Tom Burt's six statements, reached from the article", async () => {
    const page = await openPage(browser, `/reader/#/article/${SEED_SLUG}`);
    await page.locator('.statement-card a.speaker', { hasText: 'Tom Burt' }).first().click();
    await page.locator('.speaker-page h1', { hasText: 'Tom Burt' }).waitFor();
    await page.locator('li.statement').nth(5).waitFor();
    expect(await page.locator('li.statement').count()).toBe(6);
    expect(await page.locator('li.statement a.speaker').allTextContents()).toEqual(Array(6).fill('Tom Burt'));
    await screenshot(page, 'speaker-tom-burt');
    await closePage(page);
  });
});

describe('country page', () => {
  it('pages through the statements about the United States with "load more" (keyset cursors)', async () => {
    const truth = await graphql<{ country: { statements: { totalCount: number } } }>(
      `{ country(code: "US") { statements(first: 1) { totalCount } } }`,
    );
    const total = truth.country.statements.totalCount;
    expect(total).toBeGreaterThan(10); // the seed has 16: more than one page of 10

    const page = await openPage(browser, '/reader/#/country/US');
    const items = page.locator('li.statement');
    await items.nth(9).waitFor();
    expect(await items.count()).toBe(10);
    await page.getByRole('button', { name: 'Load more' }).click();
    await items.nth(total - 1).waitFor();
    expect(await items.count()).toBe(total);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    const ids = await items.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset['statementId']));
    expect(new Set(ids).size).toBe(total);
    await closePage(page);
  });
});

describe('search box', () => {
  it('offers Christopher Krebs for "krebs" and opens his page', async () => {
    const page = await openPage(browser, '/reader/');
    await searchBox(page).fill('krebs');
    const option = page.getByRole('option', { name: /Christopher Krebs/ });
    await option.waitFor();
    await option.click();
    await page.locator('.speaker-page h1', { hasText: 'Christopher Krebs' }).waitFor();
    expect(page.url()).toContain('#/speaker/');
    await closePage(page);
  });

  it('offers countries by name in the reader language', async () => {
    const page = await openPage(browser, '/reader/');
    await searchBox(page).fill('ira');
    const iran = page.locator('[role=option][data-kind=country]', { hasText: 'Iran' });
    await iran.waitFor();
    expect(await page.locator('[role=option][data-kind=country]').allTextContents()).toContain('IranCountry · IR');
    await iran.click();
    await page.locator('.country-page h1', { hasText: 'Iran' }).waitFor();
    await closePage(page);
  });
});

describe('search', () => {
  it('offers Christopher Krebs for Urdu letters typed in their Arabic forms (كريب: Arabic KAF and YEH)', async () => {
    const page = await openPage(browser, '/reader/');
    const typed = '\u0643\u0631\u064A\u0628'; // ك ر ي ب, where Urdu writes ک ر ی ب
    await searchBox(page).fill(typed);
    const option = page.locator('[role=option][data-kind=speaker]', { hasText: 'Christopher Krebs' });
    await option.waitFor();
    await closePage(page);
  });

  it('shows search results with the matches marked at the offsets the API gives', async () => {
    const query = 'krebs';
    const truth = await graphql<{
      search: { totalCount: number; edges: { node: { id: string }; highlights: { field: string; snippet: string; snippetStart: number; matches: { start: number; end: number }[] }[] }[] };
    }>(
      `query ($q: String!) { search(query: $q, first: 20) { totalCount edges { node { id }
         highlights { field snippet snippetStart matches { start end } } } } }`,
      { q: query },
    );
    expect(truth.search.totalCount).toBeGreaterThan(0);

    const page = await openPage(browser, '/reader/');
    await searchBox(page).fill(query);
    await searchBox(page).press('Enter');
    await page.locator('.search-page li.search-result').first().waitFor();
    expect(page.url()).toContain(`#/search/${query}`);
    expect(await page.locator('[data-testid=search-total]').textContent()).toContain(String(truth.search.totalCount));

    // every mark shows exactly the snippet text at its match's offsets
    const expected = truth.search.edges.flatMap((edge) =>
      edge.highlights.flatMap((h) =>
        h.matches
          .filter((m) => m.start >= h.snippetStart && m.end <= h.snippetStart + h.snippet.length)
          .map((m) => `${edge.node.id}|${h.field}|${m.start}|${h.snippet.slice(m.start - h.snippetStart, m.end - h.snippetStart)}`),
      ),
    );
    expect(expected.length).toBeGreaterThan(0);
    const rendered = await page.$$eval('.search-result mark.match', (marks) =>
      marks.map((mark) => {
        const item = mark.closest('li.search-result') as HTMLElement;
        const snippet = mark.closest('p.snippet') as HTMLElement;
        return `${item.dataset['id']}|${snippet.dataset['field']}|${(mark as HTMLElement).dataset['start']}|${mark.textContent}`;
      }),
    );
    expect(rendered).toEqual(expected);
    expect(rendered.some((text) => /krebs/i.test(text.split('|')[3]!))).toBe(true);
    await screenshot(page, 'search-krebs');
    await closePage(page);
  });
});

// Needs an editor token the service accepts: web/ci.sh starts the e2e service with the dev public
// key and passes a token from bin/dev-token; without READER_EDITOR_TOKEN this test is skipped.
const EDITOR_TOKEN = process.env['READER_EDITOR_TOKEN'];

describe.skipIf(!EDITOR_TOKEN)('live update', () => {
  // German, about Germany: the front-page test filters by en, ur, IR and FR and must not see it.
  it('shows a correction made while the article page is open, through articleUpdated', async () => {
    const unique = `Live ${Date.now()} ${Math.random().toString(36).slice(2, 8)}`;
    interface Payload {
      article: { id: string; slug: string; version: string | number };
    }
    const created = await graphql<{ createArticle: Payload }>(
      `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { id slug version } } }`,
      { input: { headline: `${unique} headline`, body: 'First paragraph.\nSecond paragraph.', language: 'de', countries: ['DE'] } },
      EDITOR_TOKEN,
    );
    const published = await graphql<{ publishArticle: Payload }>(
      `mutation ($input: ArticleTransitionInput!) { publishArticle(input: $input) { article { id slug version } } }`,
      { input: { id: created.createArticle.article.id, version: created.createArticle.article.version } },
      EDITOR_TOKEN,
    );
    const article = published.publishArticle.article;

    const page = await openPage(browser, `/reader/#/article/${article.slug}`);
    // wait until the subscription is on the socket, then give the server a moment to register it
    const subscribed = new Promise<void>((resolve) => {
      page.on('websocket', (ws) =>
        ws.on('framesent', (frame) => {
          if (String(frame.payload).includes('"subscribe"')) resolve();
        }),
      );
    });
    await page.locator('article h1', { hasText: `${unique} headline` }).waitFor();
    await subscribed;
    await page.waitForTimeout(1000);

    const before = graphqlExchangesOf(page).length;
    await graphql(
      `mutation ($input: CorrectArticleInput!) { correctArticle(input: $input) { article { version } } }`,
      { input: { id: article.id, version: article.version, headline: `${unique} corrected`, note: 'The headline was wrong.' } },
      EDITOR_TOKEN,
    );
    await page.locator('article h1', { hasText: `${unique} corrected` }).waitFor({ timeout: 15000 });
    await page.locator('.corrections li.correction', { hasText: 'The headline was wrong.' }).waitFor();
    await page.locator('.notice.live').waitFor();
    // The re-run after the event bypasses every HTTP cache: a POST, which no CDN keeps.
    const rerun = graphqlExchangesOf(page).slice(before);
    expect(rerun.map((exchange) => exchange.method)).toContain('POST');
    expect(rerun.every((exchange) => exchange.method === 'POST' && !exchange.cacheControl?.includes('s-maxage'))).toBe(true);
    await screenshot(page, 'article-live-correction');
    await closePage(page);
  });

  it('shows the withdrawal notice and reason when the open article is withdrawn', async () => {
    const unique = `Withdrawn ${Date.now()} ${Math.random().toString(36).slice(2, 8)}`;
    interface Payload {
      article: { id: string; slug: string; version: string | number };
    }
    const created = await graphql<{ createArticle: Payload }>(
      `mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { id slug version } } }`,
      { input: { headline: unique, body: 'A paragraph.', language: 'de', countries: ['DE'] } },
      EDITOR_TOKEN,
    );
    const published = await graphql<{ publishArticle: Payload }>(
      `mutation ($input: ArticleTransitionInput!) { publishArticle(input: $input) { article { id slug version } } }`,
      { input: { id: created.createArticle.article.id, version: created.createArticle.article.version } },
      EDITOR_TOKEN,
    );
    const article = published.publishArticle.article;
    const page = await openPage(browser, `/reader/#/article/${article.slug}`);
    const subscribed = new Promise<void>((resolve) => {
      page.on('websocket', (ws) =>
        ws.on('framesent', (frame) => {
          if (String(frame.payload).includes('"subscribe"')) resolve();
        }),
      );
    });
    await page.locator('article h1', { hasText: unique }).waitFor();
    await subscribed;
    await page.waitForTimeout(1000);

    await graphql(
      `mutation ($input: WithdrawArticleInput!) { withdrawArticle(input: $input) { article { status } } }`,
      { input: { id: article.id, version: article.version, reason: 'The source retracted the report.' } },
      EDITOR_TOKEN,
    );
    await page.locator('.notice.withdrawn .withdrawal-reason', { hasText: 'The source retracted the report.' }).waitFor({ timeout: 15000 });
    expect(await page.locator('article p[data-paragraph]').count()).toBe(0);
    await screenshot(page, 'article-live-withdrawn');
    await closePage(page);
  });
});

describe('languages', () => {
  it('shows ایران for Iran after switching to Urdu, and keeps the choice', async () => {
    const page = await openPage(browser, '/reader/#/country/IR');
    const heading = page.locator('.country-page h1');
    await heading.filter({ hasText: 'Iran' }).waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');

    await page.selectOption('[data-testid=language]', 'ur');
    await heading.filter({ hasText: 'ایران' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ur');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await screenshot(page, 'country-iran-ur');

    await page.reload();
    await heading.filter({ hasText: 'ایران' }).waitFor();
    await closePage(page);
  });
});

describe('front page', () => {
  it('lists the newest articles and filters them by language and country', async () => {
    const page = await openPage(browser, '/reader/');
    const seed = page.locator(`li.article-teaser[data-slug="${SEED_SLUG}"]`);
    await seed.waitFor();
    const seedHeadline = seed.locator('h2 bdi');
    expect(await seedHeadline.getAttribute('dir')).toBe('rtl');

    await page.selectOption('[data-testid=filter-language]', 'en');
    await page.locator('li.empty').waitFor();
    expect(await seed.count()).toBe(0);

    await page.selectOption('[data-testid=filter-language]', 'ur');
    await seed.waitFor();

    await page.locator('[data-testid=filter-country] option[value=IR]').waitFor({ state: 'attached' });
    await page.selectOption('[data-testid=filter-country]', 'IR');
    await seed.waitFor();
    await page.selectOption('[data-testid=filter-country]', 'FR');
    await page.locator('li.empty').waitFor();
    await closePage(page);
  });

  it('asks for its queries by hash over GET, all of them known to the service and kept by shared caches', async () => {
    const page = await openPage(browser, '/reader/');
    await page.locator(`li.article-teaser[data-slug="${SEED_SLUG}"]`).waitFor();
    await page.locator('[data-testid=filter-country] option[value=IR]').waitFor({ state: 'attached' });
    const exchanges = graphqlExchangesOf(page);
    const operations = exchanges.map((exchange) => exchange.url.searchParams.get('operationName'));
    expect(operations).toContain('FrontPage');
    expect(operations).toContain('Countries');
    for (const exchange of exchanges) {
      expect(exchange.method).toBe('GET');
      // never a miss: the service's trusted documents are exactly what urql sends
      expect(exchange.sentDocument).toBe(false);
      expect(JSON.parse(exchange.url.searchParams.get('extensions') ?? '{}').persistedQuery?.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
      expect(exchange.status).toBe(200);
      expect(exchange.cacheControl).toMatch(/^public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=\d+$/);
    }
    await closePage(page);
  });

  it('serves /reader by redirecting to /reader/', async () => {
    const response = await fetch(`${BASE_URL}/reader`, { redirect: 'manual' });
    expect([301, 302, 303, 307, 308]).toContain(response.status);
    expect(response.headers.get('location')).toMatch(/\/reader\/$/);
  });
});
