import type { Client } from '@urql/core';
import { useClient } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../i18n';
import { CountriesQuery } from './operations';
import type { CountriesQuery as CountriesResult } from '../gql/graphql';

export type CountryName = NonNullable<CountriesResult['countries']['nodes'][number]>;

const loaded = new Map<Lang, Promise<CountryName[]>>();

/** All ISO 3166-1 countries with their names in one language (three pages of 100), loaded once. */
export function loadCountries(client: Client, lang: Lang): Promise<CountryName[]> {
  let countries = loaded.get(lang);
  if (!countries) {
    countries = (async () => {
      const all: CountryName[] = [];
      let after: string | null = null;
      do {
        const result = await client.query(CountriesQuery, { lang, after }).toPromise();
        if (result.error || !result.data) throw result.error ?? new Error('No countries');
        all.push(...result.data.countries.nodes);
        after = result.data.countries.pageInfo.hasNextPage ? (result.data.countries.pageInfo.endCursor ?? null) : null;
      } while (after);
      return all.sort((a, b) => a.name.localeCompare(b.name, lang));
    })();
    countries.catch(() => loaded.delete(lang));
    loaded.set(lang, countries);
  }
  return countries;
}

export function useCountries(lang: Lang): CountryName[] {
  const client = useClient();
  const [countries, setCountries] = useState<CountryName[]>([]);
  useEffect(() => {
    let current = true;
    loadCountries(client, lang).then(
      (all) => current && setCountries(all),
      () => current && setCountries([]),
    );
    return () => {
      current = false;
    };
  }, [client, lang]);
  return countries;
}
