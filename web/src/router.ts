import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (#/article/slug), so the service only has to serve /reader/index.html and any
 * static host works without rewrite rules.
 */
export type Route =
  | { page: 'front' }
  | { page: 'article'; slug: string }
  | { page: 'speaker'; id: string }
  | { page: 'country'; code: string }
  | { page: 'search'; query: string };

export function parseRoute(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const arg = decodeURIComponent(rest.join('/'));
  if (arg) {
    if (page === 'article') return { page: 'article', slug: arg };
    if (page === 'speaker') return { page: 'speaker', id: arg };
    if (page === 'country') return { page: 'country', code: arg };
    if (page === 'search') return { page: 'search', query: arg };
  }
  return { page: 'front' };
}

export const href = {
  front: () => '#/',
  article: (slug: string) => `#/article/${encodeURIComponent(slug)}`,
  speaker: (id: string) => `#/speaker/${encodeURIComponent(id)}`,
  country: (code: string) => `#/country/${encodeURIComponent(code)}`,
  search: (query: string) => `#/search/${encodeURIComponent(query)}`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => {
      setRoute(parseRoute(location.hash));
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
