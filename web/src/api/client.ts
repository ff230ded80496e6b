import { Client, cacheExchange, fetchExchange } from '@urql/core';

/**
 * The GraphQL client. The service serves the reader and the API from one origin, and the Vite dev
 * server forwards /graphql to the service, so a relative URL works in both. The service accepts
 * POST only (GET is off), hence preferGetMethod: false.
 */
export function createClient(url = '/graphql'): Client {
  return new Client({
    url,
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'cache-first',
  });
}
