import { describe, expect, it } from 'vitest';
import { matchCountries } from './api/suggestions';
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
    expect(parseRoute('#/nowhere')).toEqual({ page: 'front' });
    expect(parseRoute('')).toEqual({ page: 'front' });
  });
});

describe('matchCountries', () => {
  const countries = [
    { code: 'IR', alpha3: 'IRN', name: 'Iran' },
    { code: 'IQ', alpha3: 'IRQ', name: 'Iraq' },
    { code: 'US', alpha3: 'USA', name: 'United States' },
    { code: 'CI', alpha3: 'CIV', name: 'Côte d’Ivoire' },
  ];

  it('matches the start of any word, ignoring case and accents', () => {
    expect(matchCountries(countries, 'ira', 'en').map((c) => c.code)).toEqual(['IR', 'IQ']);
    expect(matchCountries(countries, 'states', 'en').map((c) => c.code)).toEqual(['US']);
    expect(matchCountries(countries, 'cote', 'en').map((c) => c.code)).toEqual(['CI']);
  });

  it('matches alpha-2 and alpha-3 codes exactly', () => {
    expect(matchCountries(countries, 'usa', 'en').map((c) => c.code)).toEqual(['US']);
    expect(matchCountries(countries, 'IQ', 'en').map((c) => c.code)).toEqual(['IQ']);
  });

  it('matches Urdu names', () => {
    const urdu = [{ code: 'IR', alpha3: 'IRN', name: 'ایران' }];
    expect(matchCountries(urdu, 'ایر', 'ur').map((c) => c.code)).toEqual(['IR']);
  });
});
