// Apollo Client, unchanged: its core with InMemoryCache and relayStylePagination against the
// service directly, as a web or app team would configure it. Pages through articles and through
// a speaker's statements forwards and backwards, and sees a correction arrive in its cache by ID.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { ARABIC_SCRIPT, EDITOR_TOKEN, NEWSROOM_URL, SEED_SLUG, createArticle, post, unique } from './support.js';

function newClient() {
  return new ApolloClient({
    link: new HttpLink({ uri: NEWSROOM_URL }),
    cache: new InMemoryCache({
      typePolicies: {
        Query: { fields: { articles: relayStylePagination(['filter', 'orderBy']) } },
        Speaker: { fields: { statements: relayStylePagination() } },
      },
    }),
  });
}

const ARTICLES = gql`
  query ArticlesPage($first: Int, $after: String, $last: Int, $before: String) {
    articles(first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { id headline language } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

const SPEAKER_STATEMENTS = gql`
  query SpeakerStatements($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
    node(id: $id) {
      id
      ... on Speaker {
        name(lang: "ur")
        statements(first: $first, after: $after, last: $last, before: $before) {
          edges { cursor node { id text } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }
    }
  }`;

const ARTICLE = gql`
  query ArticleBySlug($slug: String!) { article(slug: $slug) { id slug headline version } }`;

const CORRECT = gql`
  mutation Correct($input: CorrectArticleInput!) {
    correctArticle(input: $input) { article { id headline version } }
  }`;

let word;
let speaker;
let allArticleIds;
let allStatementIds;
const subscriptions = [];

before(async () => {
  word = unique();
  for (const n of [1, 2, 3]) {
    await createArticle({ language: 'en', headline: `Apollo test ${word} ${n}`, body: `Paragraph ${n}.` });
  }
  // What a plain request sees, to compare the pages with.
  allArticleIds = (await post(NEWSROOM_URL, `{ articles(first: 100) { edges { node { id } } } }`))
    .data.articles.edges.map((edge) => edge.node.id);
  const seed = (await post(NEWSROOM_URL, `query Seed($slug: String!) {
      article(slug: $slug) { statements(first: 50) { nodes { speaker { id statements(first: 100) { nodes { id } } } } } }
    }`, { slug: SEED_SLUG })).data.article;
  const busiest = seed.statements.nodes.map((n) => n.speaker)
    .sort((a, b) => b.statements.nodes.length - a.statements.nodes.length)[0];
  speaker = busiest.id;
  allStatementIds = busiest.statements.nodes.map((n) => n.id);
});

after(() => subscriptions.forEach((subscription) => subscription.unsubscribe()));

/**
 * A query watched as a UI would watch it: `shown` is what it last rendered. Apollo Client renders a
 * change (a page merged by fetchMore, an entity updated by a mutation) one tick after the
 * operation's promise resolves, so `changed()` waits for that rendering.
 */
async function watch(client, query, variables) {
  const observable = client.watchQuery({ query, variables });
  const view = { observable, shown: undefined, waiting: [] };
  view.changed = () => new Promise((resolve) => view.waiting.push(resolve));
  const first = view.changed();
  subscriptions.push(observable.subscribe({
    next: (result) => {
      if (result.loading || !result.data) return;
      view.shown = result.data;
      view.waiting.splice(0).forEach((resolve) => resolve());
    },
    error: (error) => { throw error; },
  }));
  await first;
  return view;
}

/** Fetches the next (or previous) page into the watched query, and waits until it is shown. */
async function more(view, variables) {
  const shown = view.changed();
  await view.observable.fetchMore({ variables });
  await shown;
}

const ids = (connection) => connection.edges.map((edge) => edge.node.id);

test('pages through articles forwards, the cache merging the pages', async () => {
  assert.ok(allArticleIds.length >= 4, 'the seed and three test articles');
  const articles = await watch(newClient(), ARTICLES, { first: 2 });

  while (articles.shown.articles.pageInfo.hasNextPage) {
    await more(articles, { first: 2, after: articles.shown.articles.pageInfo.endCursor });
  }

  assert.deepEqual(ids(articles.shown.articles), allArticleIds);
  assert.equal(articles.shown.articles.pageInfo.hasPreviousPage, false);
});

test('pages through articles backwards from the end', async () => {
  const articles = await watch(newClient(), ARTICLES, { last: 2 });
  assert.deepEqual(ids(articles.shown.articles), allArticleIds.slice(-2));

  while (articles.shown.articles.pageInfo.hasPreviousPage) {
    await more(articles, { last: 2, before: articles.shown.articles.pageInfo.startCursor });
  }

  assert.deepEqual(ids(articles.shown.articles), allArticleIds);
  assert.equal(articles.shown.articles.pageInfo.hasNextPage, false);
});

test("pages through a speaker's statements forwards and backwards", async () => {
  assert.ok(allStatementIds.length >= 2, 'a speaker with several statements in the seed');
  const forwards = await watch(newClient(), SPEAKER_STATEMENTS, { id: speaker, first: 1 });
  assert.match(forwards.shown.node.name, ARABIC_SCRIPT, 'the Urdu name');
  while (forwards.shown.node.statements.pageInfo.hasNextPage) {
    await more(forwards, { id: speaker, first: 1, after: forwards.shown.node.statements.pageInfo.endCursor });
  }
  assert.deepEqual(ids(forwards.shown.node.statements), allStatementIds);

  const backwards = await watch(newClient(), SPEAKER_STATEMENTS, { id: speaker, last: 1 });
  while (backwards.shown.node.statements.pageInfo.hasPreviousPage) {
    await more(backwards, { id: speaker, last: 1, before: backwards.shown.node.statements.pageInfo.startCursor });
  }
  assert.deepEqual(ids(backwards.shown.node.statements), allStatementIds);
});

test('a correction updates the cached article by ID, in the list and by slug, and a refetch agrees', async () => {
  assert.ok(EDITOR_TOKEN, 'NEWSROOM_EDITOR_TOKEN is needed to correct');
  const client = newClient();
  const list = await watch(client, ARTICLES, { first: 100 });
  const target = list.shown.articles.edges.map((edge) => edge.node)
    .find((article) => article.headline === `Apollo test ${word} 2`);
  assert.ok(target, 'the test article is in the list');
  const slug = (await post(NEWSROOM_URL, `query Slug($id: ID!) { node(id: $id) { ... on Article { slug } } }`,
    { id: target.id })).data.node.slug;
  const bySlug = await watch(client, ARTICLE, { slug });
  const corrected = `Apollo test ${word} 2, corrected`;
  const listChanged = list.changed();
  const articleChanged = bySlug.changed();

  const { data } = await client.mutate({
    mutation: CORRECT,
    variables: { input: { id: target.id, version: bySlug.shown.article.version, headline: corrected,
      note: 'The headline misnamed the ministry.' } },
    context: { headers: { authorization: `Bearer ${EDITOR_TOKEN}` } },
  });
  await Promise.all([listChanged, articleChanged]);

  assert.equal(bySlug.shown.article.headline, corrected, 'the watched article, from the cache');
  assert.equal(bySlug.shown.article.version, data.correctArticle.article.version);
  const inList = list.shown.articles.edges.find((edge) => edge.node.id === target.id);
  assert.equal(inList.node.headline, corrected, 'the same article in the list, from the cache');
  const refetched = await bySlug.observable.refetch();
  assert.equal(refetched.data.article.headline, corrected);
  assert.equal(refetched.data.article.version, data.correctArticle.article.version);
});
