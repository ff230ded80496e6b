import { useQuery } from '@urql/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Lang } from '../i18n';
import { useCountries, type CountryName } from './countries';
import { SpeakerSuggestionsQuery } from './operations';

/**
 * Type-ahead suggestions for the search box: speakers and countries.
 *
 * Today they come from the schema as it is: speakers(filter: {namePrefix}) on the server, and
 * countries from the full country list in the reader's language (249 names, loaded once), matched
 * by the start of a word of the name or by code. When the service's `search` query lands, this
 * hook is the one place to change: one `search(query:, lang:)` request returning both kinds, mapped
 * to the same Suggestion type; the search box and its tests stay as they are.
 */
export type Suggestion =
  | { kind: 'speaker'; id: string; label: string; detail: string | null }
  | { kind: 'country'; code: string; label: string; detail: string };

export const MIN_TERM_LENGTH = 2;
const MAX_COUNTRIES = 5;
const DEBOUNCE_MS = 150;

export function useSuggestions(term: string, lang: Lang): { suggestions: Suggestion[]; fetching: boolean } {
  const prefix = useDebounced(term.trim(), DEBOUNCE_MS);
  const active = prefix.length >= MIN_TERM_LENGTH;
  const [speakers] = useQuery({ query: SpeakerSuggestionsQuery, variables: { prefix, lang }, pause: !active });
  const countries = useCountries(lang);

  const suggestions = useMemo<Suggestion[]>(() => {
    if (!active) return [];
    const fromSpeakers: Suggestion[] = (speakers.data?.speakers.nodes ?? []).map((speaker) => ({
      kind: 'speaker',
      id: speaker.id,
      label: speaker.name,
      detail: [speaker.role, speaker.country?.name].filter(Boolean).join(' · ') || null,
    }));
    const fromCountries: Suggestion[] = matchCountries(countries, prefix, lang)
      .slice(0, MAX_COUNTRIES)
      .map((country) => ({ kind: 'country', code: country.code, label: country.name, detail: country.code }));
    return [...fromSpeakers, ...fromCountries];
  }, [active, speakers.data, countries, prefix, lang]);

  return { suggestions, fetching: active && speakers.fetching };
}

/** Countries whose name has a word starting with the term, or whose code is the term. */
export function matchCountries(countries: readonly CountryName[], term: string, lang: string): CountryName[] {
  const wanted = fold(term, lang);
  if (!wanted) return [];
  return countries.filter(
    (country) =>
      country.code.toLowerCase() === wanted ||
      country.alpha3.toLowerCase() === wanted ||
      fold(country.name, lang)
        .split(/[\s\-–(),.]+/u)
        .some((word) => word.startsWith(wanted)) ||
      fold(country.name, lang).startsWith(wanted),
  );
}

function fold(text: string, lang: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase(lang).trim();
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
