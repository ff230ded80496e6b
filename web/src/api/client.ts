import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { createClient as createWsClient } from 'graphql-ws';

/**
 * The GraphQL client. The service serves the reader and the API from one origin, and the Vite dev
 * server forwards /graphql to the service, so a relative URL works in both. Queries go as GET
 * with the SHA-256 hash of their document instead of the document (automatic persisted queries,
 * docs/api.md "Persisted operations"): the URL is short and the same for every reader, so a CDN
 * can keep the answer. The service knows the reader's documents from its build (the manifest of
 * scripts/persisted-documents.mjs); should it not know one, the exchange sends it again with the
 * document. Mutations go as POST with the document. Subscriptions go over graphql-transport-ws
 * (the graphql-ws client) to ws(s)://<host>/graphql; the socket opens with the first subscription.
 */
export function createClient(url = '/graphql'): Client {
  const ws = createWsClient({ url: webSocketUrl(url), lazy: true, retryAttempts: 5 });
  return new Client({
    url,
    exchanges: [
      cacheExchange,
      persistedExchange({ preferGetForPersistedQueries: 'within-url-limit' }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
    preferGetMethod: false,
    requestPolicy: 'cache-first',
  });
}

/**
 * The context of a re-run that no cache may answer (after a live event, the reader must show the
 * version the event announced, not a CDN's copy up to s-maxage + stale-while-revalidate old): the
 * persisted exchange takes it as already tried and leaves it alone, so it goes as a POST with the
 * document, which HTTP caches never keep. The document is the trusted text, so trusted-only
 * deployments run it too.
 */
export const FROM_THE_SERVICE = { requestPolicy: 'network-only', persistAttempt: true } as const;

/** ws(s)://host/path for a path relative to the page (or an absolute http(s) URL). */
export function webSocketUrl(url: string, base: string = location.href): string {
  const absolute = new URL(url, base);
  absolute.protocol = absolute.protocol === 'https:' ? 'wss:' : 'ws:';
  return absolute.toString();
}
