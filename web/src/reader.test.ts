import { describe, expect, it } from 'vitest';
import { webSocketUrl } from './api/client';
import { snippetSegments } from './text/highlight';
import { initialLanguage } from './i18n';
import { href, parseRoute } from './router';

describe('initialLanguage', () => {
  it('prefers the saved choice, then the browser languages, then English', () => {
    expect(initialLanguage('ur', ['en-US'])).toBe('ur');
    expect(initialLanguage(null, ['de-DE', 'ur-PK', 'en'])).toBe('ur');
    expect(initialLanguage('xx', ['fr'])).toBe('en');
  });
});

describe('routes', () => {
  it('round-trip through the hash, also for global IDs with reserved characters', () => {
    const id = 'U3BlYWtlcjox/+=';
    expect(parseRoute(href.speaker(id))).toEqual({ page: 'speaker', id });
    expect(parseRoute(href.article('a-slug'))).toEqual({ page: 'article', slug: 'a-slug' });
    expect(parseRoute(href.country('IR'))).toEqual({ page: 'country', code: 'IR' });
    expect(parseRoute(href.search('کریبس & co'))).toEqual({ page: 'search', query: 'کریبس & co' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'front' });
    expect(parseRoute('')).toEqual({ page: 'front' });
  });
});

describe('snippetSegments', () => {
  it('marks the matches at field offsets moved into the snippet', () => {
    // field: 'The Krebs said that Krebs…', snippet starts at 4
    const pieces = snippetSegments({ snippet: 'Krebs said that Krebs', snippetStart: 4, matches: [{ start: 4, end: 9 }, { start: 20, end: 25 }] });
    expect(pieces.map((p) => [p.text, p.ids.length > 0])).toEqual([
      ['Krebs', true],
      [' said that ', false],
      ['Krebs', true],
    ]);
  });

  it('drops matches outside the snippet and counts UTF-16 units in Urdu text', () => {
    const pieces = snippetSegments({ snippet: 'کرس کریبس نے کہا', snippetStart: 10, matches: [{ start: 0, end: 3 }, { start: 14, end: 19 }] });
    expect(pieces.filter((p) => p.ids.length > 0).map((p) => p.text)).toEqual(['کریبس']);
  });
});

describe('webSocketUrl', () => {
  it('turns the page-relative GraphQL URL into ws or wss', () => {
    expect(webSocketUrl('/graphql', 'http://127.0.0.1:8080/reader/#/')).toBe('ws://127.0.0.1:8080/graphql');
    expect(webSocketUrl('/graphql', 'https://news.example/reader/')).toBe('wss://news.example/graphql');
  });
});
