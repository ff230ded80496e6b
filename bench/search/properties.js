// Checks two properties of `search` on a running service and its database (issue 21), for queries
// that mix the corpus's frequent words with rare words of the seed article and made-up words of
// middling frequency:
//   - word order and repetition change nothing: every permutation of a query's words, and the
//     query with a word repeated, give the same first page (same results, same order) and the same
//     totalCount;
//   - no loss: every published article, statement and speaker whose search vector holds every
//     word (found by PostgreSQL's own `@@` on the stored vectors, independently of the service's
//     postings and limits) is reached by paging the search to its end.
// Node built-ins only (fetch, child_process for psql). Run through bench/search/properties.sh.
'use strict';
const { execFileSync } = require('node:child_process');

const serviceUrl = (process.env.SERVICE_URL || '').replace(/\/$/, '');
const database = process.env.DATABASE;
const maxPages = Number(process.env.MAX_PAGES || 60);
const pageSize = 100;
const seedSlug = 'microsoft-hackers-russia-china-iran-target-us-campaigns';
// frequent words of bench/search/generate.sql (Urdu, Arabic, English common words)
const frequent = (process.env.FREQUENT || 'کے حکومت پاکستان میں امریکہ ہیکرز اور صدر').split(/\s+/);

const SEARCH = `query Search($query: String!, $first: Int, $after: String, $total: Boolean!) {
  search(query: $query, first: $first, after: $after) {
    totalCount @include(if: $total)
    pageInfo { hasNextPage endCursor }
    edges { node { id } }
  }
}`;

function psql(sql, variables = {}) {
  const args = ['-h', process.env.PGHOST || '127.0.0.1', '-U', process.env.PGUSER || 'postgres', '-d', database,
    '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'];
  for (const [name, value] of Object.entries(variables)) {
    args.push('-v', `${name}=${value}`);
  }
  // from stdin, so that psql quotes :'name' as a literal
  return execFileSync('psql', args, { input: sql, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    .split('\n').filter((line) => line !== '');
}

async function search(query, first, after, total) {
  const variables = { query, first, total };
  if (after) variables.after = after;
  const response = await fetch(`${serviceUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: SEARCH, variables }),
  });
  const body = await response.json();
  if (!response.ok || body.errors) {
    throw new Error(`search '${query}': HTTP ${response.status} ${JSON.stringify(body.errors || body)}`);
  }
  const result = body.data.search;
  return {
    ids: result.edges.map((edge) => Buffer.from(edge.node.id, 'base64url').toString('utf8')),
    totalCount: result.totalCount,
    next: result.pageInfo.hasNextPage ? result.pageInfo.endCursor : null,
  };
}

// Rare: words of the seed article (Urdu) that no other article holds. Middling: words of a few
// generated Urdu headlines held by 50 to 1,000 articles. Counted on the postings' primary key, a few rows each.
function pickWords() {
  const rare = psql(`
    select w from unnest(tsvector_to_array((select search_vector from article where slug = :'slug'))) w
    where char_length(w) >= 4 and w !~ '^[0-9]+$'
      and (select count(*) from (select 1 from search_posting p where p.kind = 1 and p.word = w limit 2) x) = 1
    order by md5(w) limit 8`, { slug: seedSlug });
  const middling = psql(`
    with sample as (select a.headline from article a where a.source_document like 'bench:%' and a.language = 'ur' order by a.id limit 60),
    words as (select distinct w from sample, unnest(tsvector_to_array(to_tsvector('simple', search_normalize(sample.headline)))) w)
    select w from words
    where not (w = any(string_to_array(search_normalize(:'frequent'), ' ')))
      and (select count(*) from (select 1 from search_posting p where p.kind = 1 and p.word = w limit 1001) x) between 50 and 1000
    order by md5(w) limit 6`, { frequent: frequent.join(' ') });
  return { rare, middling };
}

function queries({ rare, middling }) {
  const list = [];
  rare.forEach((word, i) => {
    list.push([frequent[i % frequent.length], word]);
    list.push([word, frequent[(i + 3) % frequent.length]]);
    list.push([frequent[(i + 1) % frequent.length], word, frequent[(i + 2) % frequent.length]]);
  });
  middling.forEach((word, i) => {
    list.push([frequent[i % frequent.length], word]);
    if (rare.length > 0) list.push([word, rare[i % rare.length]]);
  });
  return list;
}

function permutations(words) {
  if (words.length <= 1) return [words];
  const result = [];
  words.forEach((word, i) => {
    for (const rest of permutations([...words.slice(0, i), ...words.slice(i + 1)])) result.push([word, ...rest]);
  });
  return result;
}

function allWordsMatches(words) {
  return psql(`
    with q as materialized (
        select cast(string_agg('(' || cast(plainto_tsquery('simple', search_normalize(w)) as text) || ')', ' & ') as tsquery) as q
        from unnest(string_to_array(:'words', ' ')) w where w <> '')
    select 'Article:' || a.id from article a, q
    where a.search_vector @@ q.q and a.status = 'PUBLISHED' and (a.embargo_until is null or a.embargo_until <= now())
    union all
    select 'Statement:' || s.id from statement s join article a on a.id = s.article_id, q
    where s.search_vector @@ q.q and a.status = 'PUBLISHED' and (a.embargo_until is null or a.embargo_until <= now())
    union all
    select 'Speaker:' || sp.id from speaker sp, q where sp.search_vector @@ q.q`, { words: words.join(' ') });
}

async function main() {
  if (!serviceUrl || !database) {
    console.error('SERVICE_URL and DATABASE are required');
    process.exit(2);
  }
  const words = pickWords();
  console.log(`frequent: ${frequent.join(' ')}\nrare (seed article only): ${words.rare.join(' ')}\nmiddling: ${words.middling.join(' ')}`);
  let passed = 0;
  let failed = 0;
  const report = (ok, what) => {
    if (ok) passed++; else failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  };
  for (const query of queries(words)) {
    const text = query.join(' ');
    const first = await search(text, 20, null, true);
    const variants = permutations(query).slice(1).map((p) => p.join(' '));
    variants.push([...query, query[0]].join(' '));
    const differing = [];
    for (const variant of variants) {
      const other = await search(variant, 20, null, true);
      if (other.totalCount !== first.totalCount || other.ids.join() !== first.ids.join()) {
        differing.push(`'${variant}' (${other.totalCount}${other.ids[0] ? ', first ' + other.ids[0] : ''})`);
      }
    }
    report(differing.length === 0, `order/repetition '${text}' (${first.totalCount} results${first.ids[0] ? ', first ' + first.ids[0] : ''})`
      + (differing.length ? ` differs from ${differing.join(', ')}` : ''));

    const truth = allWordsMatches(query);
    if (truth.length === 0) {
      console.log(`skip no-loss '${text}': no document holds every word`);
      continue;
    }
    if (truth.length > maxPages * pageSize) {
      console.log(`skip no-loss '${text}': ${truth.length} documents hold every word (MAX_PAGES=${maxPages})`);
      continue;
    }
    // all-words matches first: paging stops once every one is reached (partial matches may follow)
    const unreached = new Set(truth);
    let after = null;
    let pages = 0;
    do {
      const page = await search(text, pageSize, after, false);
      page.ids.forEach((id) => unreached.delete(id));
      after = page.next;
    } while (after && unreached.size > 0 && ++pages < maxPages);
    const missing = [...unreached];
    report(missing.length === 0, `no loss '${text}': ${truth.length - missing.length} of ${truth.length} documents holding every word reached`
      + (missing.length ? `, missing e.g. ${missing.slice(0, 3).join(' ')}` : ''));
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(2);
});
