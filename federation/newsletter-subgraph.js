// A second subgraph written for the gateway test: a newsletter service, as a newsroom's other teams
// would run one. It contributes Article.inNewsletters (keyed by the newsroom's global ID), and
// its newsletters refer to articles and to a featured speaker that only the newsroom resolves.
import http from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';

/** The newsletter subgraph's schema (exported for a static composition check). */
export const NEWSLETTER_TYPE_DEFS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  "A newsletter edition: the articles it sends, in order, and the speaker it features."
  type Newsletter @key(fields: "id") {
    id: ID!
    title: String!
    "BCP-47 language tag of the newsletter"
    language: String!
    "Null where the newsroom no longer shows the article (withdrawn, embargoed)."
    articles: [Article]!
    featuredSpeaker: Speaker
  }

  type Article @key(fields: "id") {
    id: ID!
    "The newsletters that send this article."
    inNewsletters(language: String): [Newsletter!]!
  }

  type Speaker @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    newsletters(language: String): [Newsletter!]!
    newsletter(id: ID!): Newsletter
  }
`);

/**
 * Starts the subgraph on a free port of 127.0.0.1 with these newsletters:
 * [{ id, title, language, articleIds: [...], featuredSpeakerId }]. Returns { url, close() }.
 */
export async function startNewsletterSubgraph(newsletters) {
  const byId = new Map(newsletters.map((newsletter) => [newsletter.id, newsletter]));
  const matches = (newsletter, language) => !language || newsletter.language === language;
  const shape = (newsletter) => newsletter && {
    ...newsletter,
    articles: newsletter.articleIds.map((id) => ({ __typename: 'Article', id })),
    featuredSpeaker: newsletter.featuredSpeakerId ? { __typename: 'Speaker', id: newsletter.featuredSpeakerId } : null,
  };
  const resolvers = {
    Query: {
      newsletters: (_, { language }) => newsletters.filter((n) => matches(n, language)).map(shape),
      newsletter: (_, { id }) => shape(byId.get(id)),
    },
    Newsletter: {
      __resolveReference: ({ id }) => shape(byId.get(id)),
    },
    Article: {
      __resolveReference: ({ id }) => ({ id }),
      inNewsletters: ({ id }, { language }) =>
        newsletters.filter((n) => n.articleIds.includes(id) && matches(n, language)).map(shape),
    },
  };
  const schema = buildSubgraphSchema({ typeDefs: NEWSLETTER_TYPE_DEFS, resolvers });

  const server = http.createServer(async (request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"message":"not JSON"}]}');
      return;
    }
    const result = await graphql({ schema, source: body.query, variableValues: body.variables,
      operationName: body.operationName });
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(result));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/graphql`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
