// The newsroom as one subgraph of a company graph: Apollo Gateway composes it with a newsletter
// subgraph (newsletter-subgraph.js), and operations cross between them in both directions, with
// fragments and variables, in Urdu and English. References the newsroom may not show to the
// caller (withdrawn, draft) come back null through the gateway, never their content.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { startGateway } from '../gateway.js';
import { NEWSLETTER_TYPE_DEFS, startNewsletterSubgraph } from '../newsletter-subgraph.js';
import { ARABIC_SCRIPT, EDITOR_TOKEN, NEWSROOM_URL, SEED_SLUG, createArticle, post, unique, withdrawArticle } from './support.js';

const SEED = `query Seed($slug: String!) {
  article(slug: $slug) { id headline statements(first: 50) { nodes { speaker { id } } } }
}`;

let gateway;
let newsletters;
const ids = {};

before(async () => {
  const seed = (await post(NEWSROOM_URL, SEED, { slug: SEED_SLUG })).data.article;
  ids.seed = seed.id;
  ids.seedHeadline = seed.headline;
  ids.speaker = seed.statements.nodes[0].speaker.id;
  const word = unique();
  ids.english = await createArticle({ language: 'en', headline: `Gateway test ${word}: ministers meet`, body: 'First paragraph.\nSecond paragraph.' });
  ids.withdrawn = await createArticle({ language: 'en', headline: `Gateway test ${word}: to be withdrawn`, body: 'A report later retracted.' });
  ids.draft = await createArticle({ language: 'en', headline: `Gateway test ${word}: still a draft`, body: 'Not yet.', draft: true });

  newsletters = await startNewsletterSubgraph([
    { id: 'weekly-ur', title: 'ہفتہ وار خبرنامہ', language: 'ur', articleIds: [ids.seed], featuredSpeakerId: ids.speaker },
    { id: 'briefing-en', title: 'The Morning Briefing', language: 'en',
      articleIds: [ids.english, ids.seed, ids.withdrawn, ids.draft], featuredSpeakerId: ids.speaker },
  ]);
  gateway = await startGateway([
    { name: 'newsroom', url: NEWSROOM_URL },
    { name: 'newsletters', url: newsletters.url },
  ]);
});

after(async () => {
  await gateway?.stop();
  await newsletters?.close();
});

test('the committed subgraph SDL composes with another subgraph without errors', () => {
  const sdl = readFileSync(new URL('../../schema.federation.graphql', import.meta.url), 'utf8');
  const result = composeServices([
    { name: 'newsroom', typeDefs: parse(sdl), url: 'http://newsroom' },
    { name: 'newsletters', typeDefs: NEWSLETTER_TYPE_DEFS, url: 'http://newsletters' },
  ]);
  assert.equal(result.errors, undefined, `composition errors: ${result.errors?.map((e) => e.message).join('\n')}`);
  assert.match(result.supergraphSdl, /type Article[^{]*@join__type\(graph: NEWSROOM, key: "id"\)/);
});

test('the gateway composed both subgraphs: one Article with fields from each', async () => {
  const { data } = await post(gateway.url, `query Fields { __type(name: "Article") { fields { name } } }`);
  const fields = data.__type.fields.map((field) => field.name);
  for (const name of ['id', 'headline', 'statements', 'inNewsletters']) assert.ok(fields.includes(name), name);
});

const ARTICLE_WITH_NEWSLETTERS = `
query ArticleWithNewsletters($slug: String!, $language: String) {
  article(slug: $slug) {
    ...Teaser
    inNewsletters(language: $language) { id title language }
  }
}
fragment Teaser on Article { id headline language direction }`;

test('newsroom to newsletters, in Urdu: an article and the newsletters that send it', async () => {
  const { data } = await post(gateway.url, ARTICLE_WITH_NEWSLETTERS, { slug: SEED_SLUG, language: 'ur' });

  assert.equal(data.article.id, ids.seed);
  assert.equal(data.article.language, 'ur');
  assert.equal(data.article.direction, 'RTL');
  assert.match(data.article.headline, ARABIC_SCRIPT);
  assert.deepEqual(data.article.inNewsletters, [{ id: 'weekly-ur', title: 'ہفتہ وار خبرنامہ', language: 'ur' }]);
});

const NEWSLETTERS = `
query Newsletters($language: String!, $nameLanguage: String!) {
  newsletters(language: $language) {
    title
    articles { ...Teaser inNewsletters { id } }
    featuredSpeaker { ...Quoted }
  }
}
fragment Teaser on Article { id headline language }
fragment Quoted on Speaker {
  id
  name(lang: $nameLanguage)
  statements(first: 2) { totalCount nodes { text article { id } } }
}`;

test('newsletters to newsroom and back, in English: articles, their other newsletters and a speaker', async () => {
  const { data } = await post(gateway.url, NEWSLETTERS, { language: 'en', nameLanguage: 'en' });

  const [briefing] = data.newsletters;
  assert.equal(briefing.title, 'The Morning Briefing');
  const [english, seed] = briefing.articles;
  assert.equal(english.id, ids.english);
  assert.equal(english.language, 'en');
  assert.match(english.headline, /ministers meet$/);
  assert.deepEqual(english.inNewsletters, [{ id: 'briefing-en' }]);
  assert.equal(seed.headline, ids.seedHeadline);
  assert.deepEqual(seed.inNewsletters.map((n) => n.id).sort(), ['briefing-en', 'weekly-ur']);
  assert.equal(briefing.featuredSpeaker.id, ids.speaker);
  assert.doesNotMatch(briefing.featuredSpeaker.name, ARABIC_SCRIPT, 'an English reader gets the Latin name');
  assert.ok(briefing.featuredSpeaker.statements.totalCount >= 1);
  assert.equal(briefing.featuredSpeaker.statements.nodes[0].article.id, ids.seed);
});

test('the same speaker for an Urdu reader, by Accept-Language through the gateway', async () => {
  const { data } = await post(gateway.url, `query Featured { newsletters(language: "ur") { featuredSpeaker { id name } } }`,
    {}, { headers: { 'accept-language': 'ur' } });
  const { data: english } = await post(gateway.url, `query Featured { newsletters(language: "ur") { featuredSpeaker { id name } } }`,
    {}, { headers: { 'accept-language': 'en' } });

  assert.equal(data.newsletters[0].featuredSpeaker.id, ids.speaker);
  assert.match(data.newsletters[0].featuredSpeaker.name, ARABIC_SCRIPT);
  assert.doesNotMatch(english.newsletters[0].featuredSpeaker.name, ARABIC_SCRIPT);
});

test('a withdrawn or draft article is null through a reference, for readers; editors see them', async () => {
  const query = `query Briefing($id: ID!) { newsletter(id: $id) { articles { id headline status } } }`;
  await withdrawArticle(ids.withdrawn, 1, 'The source retracted the report.');

  const forReaders = await post(gateway.url, query, { id: 'briefing-en' });
  const forEditors = await post(gateway.url, query, { id: 'briefing-en' }, { token: EDITOR_TOKEN });

  const readerIds = forReaders.data.newsletter.articles.map((article) => article?.id ?? null);
  assert.deepEqual(readerIds, [ids.english, ids.seed, null, null]);
  assert.equal(forReaders.errors, undefined);
  assert.ok(!JSON.stringify(forReaders).includes('to be withdrawn'), 'nothing of the withdrawn article leaks');
  const statuses = forEditors.data.newsletter.articles.map((article) => article.status);
  assert.deepEqual(statuses, ['PUBLISHED', 'PUBLISHED', 'WITHDRAWN', 'DRAFT']);
});
