import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';

/**
 * The GraphQL client. The service serves the reader and the API from one origin, and the Vite dev
 * server forwards /graphql to the service, so a relative URL works in both. Queries go as POST
 * (preferGetMethod: false): the service answers GET too, but only POSTs can take its compiled read
 * path (docs/architecture.md, "Compiled reads"). Subscriptions go over graphql-transport-ws
 * (the graphql-ws client) to ws(s)://<host>/graphql; the socket opens with the first subscription.
 */
export function createClient(url = '/graphql'): Client {
  const ws = createWsClient({ url: webSocketUrl(url), lazy: true, retryAttempts: 5 });
  return new Client({
    url,
    exchanges: [
      cacheExchange,
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

/** ws(s)://host/path for a path relative to the page (or an absolute http(s) URL). */
export function webSocketUrl(url: string, base: string = location.href): string {
  const absolute = new URL(url, base);
  absolute.protocol = absolute.protocol === 'https:' ? 'wss:' : 'ws:';
  return absolute.toString();
}
