// Mixed load at a fixed rate against a running service; one line per minute (or per --interval):
// requests, error rate, p50/p99 latency, service RSS and heap. Node 18+, no dependencies.
//   node soak.mjs --url http://127.0.0.1:18184 --management-url http://127.0.0.1:18194 --token <editor jwt> --admin-token <admin jwt> --seconds 600 --rate 40 --pid <service pid>
import { readFileSync } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const url = args.url ?? 'http://127.0.0.1:18184';
// Health and metrics answer on the management port only.
const managementUrl = args['management-url'] ?? 'http://127.0.0.1:18194';
const seconds = Number(args.seconds ?? 600);
const rate = Number(args.rate ?? 40);
const interval = Number(args.interval ?? 60);
const token = args.token;
const adminToken = args['admin-token'];
const pid = args.pid;

const reads = [
  '{ articles(first: 10) { edges { node { id headline countries { code } } } } }',
  '{ speakers(first: 20) { edges { node { id } } pageInfo { endCursor } } }',
  '{ statements(first: 10) { edges { node { id } } } }',
  '{ countries(first: 50) { totalCount } }',
  'query($q: String!) { search(query: $q, first: 5) { totalCount } }',
];
const create = 'mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id } } }';
const runId = `soak-${Date.now()}`;
const publish = 'mutation($input: ArticleTransitionInput!) { publishArticle(input: $input) { article { id } } }';
const createPartner = 'mutation($input: CreatePartnerInput!) { createPartner(input: $input) { key } }';
const feed = 'query($after: String) { syndicationFeed(after: $after, first: 50) '
  + '{ pageInfo { endCursor } edges { node { kind articleId } } } }';
let partnerKey = null; // a partner of this run, created with the admin token, polls the change feed
let feedCursor = null;

async function call(query, variables, headers = {}) {
  const response = await fetch(`${url}/graphql`, { method: 'POST',
    headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  return response.status === 200 && !body.errors ? body.data : null;
}

async function post(query, variables, auth) {
  return (await call(query, variables, auth ? { authorization: `Bearer ${auth}` } : {})) !== null;
}

async function one(i) {
  const pick = i % 10;
  if (pick === 0 && token) {
    const created = await call(create, { input: { language: 'en', headline: `${runId}-${i}`, body: 'Soak paragraph.' } },
      { authorization: `Bearer ${token}` });
    return created !== null && post(publish, { input: { id: created.createArticle.article.id, version: 0 } }, token);
  }
  if (pick === 1 && partnerKey) {
    const page = await call(feed, { after: feedCursor }, { 'x-api-key': partnerKey });
    if (page?.syndicationFeed.pageInfo.endCursor) feedCursor = page.syndicationFeed.pageInfo.endCursor;
    return page !== null;
  }
  const query = reads[i % reads.length];
  return post(query, query.includes('$q') ? { q: ['pakistan', 'election', 'وزیر'][i % 3] } : undefined);
}

function memory() {
  if (!pid) return {};
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    return { rssMb: Math.round(rss) };
  } catch { return {}; }
}

async function heapMb() {
  try {
    const text = await (await fetch(`${managementUrl}/q/metrics`)).text();
    let used = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('jvm_memory_used_bytes{') && line.includes('area="heap"')) used += Number(line.split(' ').pop());
    }
    return Math.round(used / 1048576);
  } catch { return null; }
}

const percentile = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0;

async function main() {
  if (adminToken) {
    const partner = await call(createPartner, { input: { name: `${runId} partner`, languages: ['en'], countries: [] } },
      { authorization: `Bearer ${adminToken}` });
    partnerKey = partner?.createPartner.key ?? null;
  }
  console.log(`soak: ${url}, ${seconds}s at ${rate} req/s, writes ${token ? 'on' : 'off'}, feed ${partnerKey ? 'on' : 'off'}`);
  console.log('minute\trequests\terrors\terror%\tp50ms\tp99ms\trssMB\theapMB');
  const totals = { requests: 0, errors: 0, latencies: [] };
  let window = { requests: 0, errors: 0, latencies: [] };
  let sent = 0;
  const started = Date.now();
  const inFlight = new Set();
  let nextReport = started + interval * 1000;
  let minute = 1;
  while (Date.now() - started < seconds * 1000) {
    const due = started + (sent * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
    const i = sent++;
    const begin = performance.now();
    const request = one(i).catch(() => false).then(ok => {
      const ms = performance.now() - begin;
      for (const bucket of [window, totals]) {
        bucket.requests++;
        if (!ok) bucket.errors++;
        bucket.latencies.push(ms);
      }
      inFlight.delete(request);
    });
    inFlight.add(request);
    if (Date.now() >= nextReport) {
      const sorted = window.latencies.sort((a, b) => a - b);
      console.log([minute++, window.requests, window.errors, (100 * window.errors / Math.max(1, window.requests)).toFixed(2),
        percentile(sorted, 0.5).toFixed(1), percentile(sorted, 0.99).toFixed(1), memory().rssMb ?? '-', await heapMb() ?? '-'].join('\t'));
      window = { requests: 0, errors: 0, latencies: [] };
      nextReport += interval * 1000;
    }
  }
  await Promise.all(inFlight);
  const sorted = totals.latencies.sort((a, b) => a - b);
  console.log(`total\t${totals.requests}\t${totals.errors}\t${(100 * totals.errors / Math.max(1, totals.requests)).toFixed(2)}`
    + `\t${percentile(sorted, 0.5).toFixed(1)}\t${percentile(sorted, 0.99).toFixed(1)}\t${memory().rssMb ?? '-'}\t${await heapMb() ?? '-'}`);
  console.log(`writes of this run have headlines starting ${runId}`);
}

main().catch(error => { console.error(error); process.exit(1); });
