import { useQuery } from '@urql/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Lang } from '../i18n';
import { SuggestionsQuery } from './operations';

/**
 * Type-ahead suggestions for the search box: speakers and countries, both matched on the server
 * by name prefix (speakers(filter: {namePrefix}) and countries(filter: {namePrefix}) in one
 * request), so Arabic and Urdu letter variants, case and accents do not matter.
 */
export type Suggestion =
  | { kind: 'speaker'; id: string; label: string; detail: string | null }
  | { kind: 'country'; code: string; label: string; detail: string };

export const MIN_TERM_LENGTH = 2;
const DEBOUNCE_MS = 150;

export function useSuggestions(term: string, lang: Lang): { suggestions: Suggestion[]; fetching: boolean } {
  const prefix = useDebounced(term.trim(), DEBOUNCE_MS);
  const active = prefix.length >= MIN_TERM_LENGTH;
  const [result] = useQuery({ query: SuggestionsQuery, variables: { prefix, lang }, pause: !active });

  const suggestions = useMemo<Suggestion[]>(() => {
    if (!active || !result.data) return [];
    const speakers: Suggestion[] = result.data.speakers.nodes.map((speaker) => ({
      kind: 'speaker',
      id: speaker.id,
      label: speaker.name,
      detail: [speaker.role, speaker.country?.name].filter(Boolean).join(' · ') || null,
    }));
    const countries: Suggestion[] = result.data.countries.nodes.map((country) => ({
      kind: 'country',
      code: country.code,
      label: country.name,
      detail: country.code,
    }));
    return [...speakers, ...countries];
  }, [active, result.data]);

  return { suggestions, fetching: active && result.fetching };
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
