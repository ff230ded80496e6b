// What the tests share: where the service under test runs (run.sh starts it), an editor's token,
// and plain GraphQL over HTTP for setting up data, as any client would send it.
import assert from 'node:assert/strict';

export const NEWSROOM_URL = process.env.NEWSROOM_URL ?? 'http://127.0.0.1:8080/graphql';
export const EDITOR_TOKEN = process.env.NEWSROOM_EDITOR_TOKEN ?? '';
/** The seed article (src/main/resources/seed): Urdu, right to left. */
export const SEED_SLUG = 'microsoft-hackers-russia-china-iran-target-us-campaigns';
export const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

/** POSTs a GraphQL request; fails on HTTP or GraphQL errors unless allowErrors. */
export async function post(url, query, variables = {}, { token, allowErrors = false, headers = {} } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `HTTP ${response.status} from ${url}: ${text}`);
  const body = JSON.parse(text);
  if (!allowErrors) assert.equal(body.errors, undefined, `GraphQL errors from ${url}: ${JSON.stringify(body.errors)}`);
  return body;
}

const CREATE = `mutation Create($input: CreateArticleInput!) { createArticle(input: $input) { article { id version } } }`;
const PUBLISH = `mutation Publish($input: ArticleTransitionInput!) { publishArticle(input: $input) { article { id version } } }`;
const WITHDRAW = `mutation Withdraw($input: WithdrawArticleInput!) { withdrawArticle(input: $input) { article { id status } } }`;

/** Creates (and unless draft, publishes) an article through the API; returns its global ID. */
export async function createArticle({ language, headline, body, draft = false }) {
  assert.ok(EDITOR_TOKEN, 'NEWSROOM_EDITOR_TOKEN is needed to write (run.sh signs one with bin/dev-token)');
  const created = await post(NEWSROOM_URL, CREATE, { input: { language, headline, body } }, { token: EDITOR_TOKEN });
  const { id, version } = created.data.createArticle.article;
  if (!draft) await post(NEWSROOM_URL, PUBLISH, { input: { id, version } }, { token: EDITOR_TOKEN });
  return id;
}

export async function withdrawArticle(id, version, reason) {
  await post(NEWSROOM_URL, WITHDRAW, { input: { id, version, reason } }, { token: EDITOR_TOKEN });
}

/** A word no other run of the tests uses, for headlines. */
export function unique() {
  return Math.random().toString(36).slice(2, 8);
}
