import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the service under test serves the reader and /graphql (ci.sh starts it on 18084). */
export const BASE_URL = (process.env.READER_BASE_URL ?? 'http://127.0.0.1:18084').replace(/\/$/, '');
export const SCREENSHOTS = process.env.READER_SCREENSHOTS ?? join(import.meta.dirname, '..', '..', 'target', 'e2e-screenshots');

/**
 * Debian's Chromium (apt package `chromium`), since playwright cannot download a browser here.
 * The flags keep it from reaching for the network beyond the service under test. Playwright gives
 * every launch a fresh temporary profile (--user-data-dir) and deletes it on close; each test then
 * opens its own browser context, so no cookies or localStorage (the language choice) leak between
 * tests.
 */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A GraphQL request the page made over HTTP, and what came back. */
export interface GraphQLExchange {
  method: string;
  url: URL;
  /** whether the request carried the document (a GET's query parameter or a POST body's query) */
  sentDocument: boolean;
  status: number;
  cacheControl: string | undefined;
}

/** A page in a fresh context of an English-speaking browser. */
export async function openPage(browser: Browser, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(`${message.text()} (${message.location().url})`));
  (page as Page & { problems: string[] }).problems = problems;
  const exchanges: GraphQLExchange[] = [];
  page.on('response', (response) => {
    const request = response.request();
    const url = new URL(request.url());
    if (url.pathname !== '/graphql') return;
    const body = request.postData() ?? '';
    exchanges.push({
      method: request.method(),
      url,
      sentDocument: url.searchParams.has('query') || /"query"\s*:/.test(body),
      status: response.status(),
      cacheControl: response.headers()['cache-control'],
    });
  });
  (page as Page & { exchanges: GraphQLExchange[] }).exchanges = exchanges;
  await page.goto(`${BASE_URL}${path}`);
  return page;
}

/** The GraphQL requests the page has made over HTTP so far (not the WebSocket's). */
export function graphqlExchangesOf(page: Page): GraphQLExchange[] {
  return (page as Page & { exchanges?: GraphQLExchange[] }).exchanges ?? [];
}

export function problemsOf(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Sends a GraphQL document to the service: the tests' independent source of truth. */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!response.ok || body.errors) throw new Error(`GraphQL failed: ${response.status} ${JSON.stringify(body.errors)}`);
  return body.data as T;
}
