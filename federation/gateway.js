// The gateway of the tests: Apollo Gateway composing subgraphs by introspection (IntrospectAndCompose,
// the way a supergraph is composed in development), served by Apollo Server. A composition error
// fails start(). The caller's Authorization and Accept-Language travel to every subgraph, so each
// answers as it would answer the caller directly.
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const FORWARDED = ['authorization', 'accept-language'];

class ForwardingDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    for (const name of FORWARDED) {
      if (context?.headers?.[name]) request.http.headers.set(name, context.headers[name]);
    }
  }
}

/** subgraphs: [{ name, url }]. Returns { url, stop() }. */
export async function startGateway(subgraphs) {
  const gateway = new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({ subgraphs }),
    buildService: ({ url }) => new ForwardingDataSource({ url }),
    logger: quietLogger(),
  });
  const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({
      headers: Object.fromEntries(FORWARDED.map((name) => [name, req.headers[name]]).filter(([, v]) => v)),
    }),
  });
  return { url, stop: () => server.stop() };
}

function quietLogger() {
  const ignore = () => {};
  return { debug: ignore, info: ignore, warn: (...a) => console.warn('gateway:', ...a), error: (...a) => console.error('gateway:', ...a) };
}
