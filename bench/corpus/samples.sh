#!/usr/bin/env bash
# Writes the variables the load tool draws from, one JSON object a line, for each operation and
# each server, into $1 (deterministic: every 100th article, every 10th speaker, all countries).
set -euo pipefail
out="$1"; db_url="$2"
mkdir -p "$out"
q() { psql "$db_url" -X -q -A -t -c "$1"; }
q "select json_build_object('slug', slug) from article where id % 100 = 37 order by id" > "$out/slugs.json"
cp "$out/slugs.json" "$out/ours-ArticleBySlug.json"; cp "$out/slugs.json" "$out/postgraphile-ArticleBySlug.json"
q "select json_build_object('code', country_code) from (select distinct country_code from statement_country) c order by 1::text" \
  > "$out/ours-StatementsByCountry.json"
cp "$out/ours-StatementsByCountry.json" "$out/postgraphile-StatementsByCountry.json"
# Our IDs are URL-safe base64 of 'Speaker:<id>' without padding; PostGraphile takes the row id.
q "select json_build_object('id', translate(rtrim(encode(convert_to('Speaker:' || s.id, 'UTF8'), 'base64'), '='), '+/', '-_'))
   from speaker s where s.id % 10 = 3 and exists (select 1 from statement t where t.speaker_id = s.id) order by s.id" \
  > "$out/ours-SpeakerPage.json"
q "select json_build_object('rowId', s.id::text)
   from speaker s where s.id % 10 = 3 and exists (select 1 from statement t where t.speaker_id = s.id) order by s.id" \
  > "$out/postgraphile-SpeakerPage.json"
# The front page in each shape has no variables.
for shape in FrontPage FrontPageUrql FrontPagePartner FrontPageLocalised FrontPageGet FrontPageGetPersisted; do
  echo '{}' > "$out/ours-$shape.json"; echo '{}' > "$out/postgraphile-$shape.json"
done
# The reader's own operations with the variables its pages set (web/src/pages/FrontPage.tsx,
# ArticlePage.tsx), for a reader of English or of Urdu; urql leaves out the variables that are
# undefined (after). PostGraphile's twins take the same values but no filter.
printf '%s\n' '{"first":10,"filter":{},"lang":"en"}' '{"first":10,"filter":{},"lang":"ur"}' > "$out/ours-ReaderFrontPage.json"
printf '%s\n' '{"first":10,"lang":"en"}' '{"first":10,"lang":"ur"}' > "$out/postgraphile-ReaderFrontPage.json"
q "select json_build_object('slug', slug, 'lang', case when id % 200 = 37 then 'en' else 'ur' end, 'first', 100)
   from article where id % 100 = 37 order by id" > "$out/ours-ReaderArticle.json"
cp "$out/ours-ReaderArticle.json" "$out/postgraphile-ReaderArticle.json"
# Operations only our service has (bench/operations/ours-only): search terms in eight languages
# (words, phrases, prefixes as typed), and feed cursors at every 20th position of the benchmark
# partner's feed, encoded as the service encodes them (graphql/Cursor: base64url of
# "syndicationFeed~" + base64url(seq) + "~" + base64url(id)).
printf '%s\n' '{"query":"election"}' '{"query":"انتخابات"}' '{"query":"parlement"}' '{"query":"переговоры"}' \
  '{"query":"चुनाव"}' '{"query":"选举"}' '{"query":"trade agreement"}' '{"query":"معاہدہ"}' \
  '{"query":"حکومت نے"}' '{"query":"سرح"}' '{"query":"minis"}' '{"query":"الحكومة"}' > "$out/ours-Search.json"
q "with b64 as (select e.seq, e.id from syndication_feed_entry e join partner p on p.id = e.partner_id
     where p.name = 'Benchmark partner' and e.seq % 20 = 7)
   select json_build_object('after', translate(rtrim(replace(encode(convert_to('syndicationFeed~'
       || translate(rtrim(encode(convert_to(seq::text, 'UTF8'), 'base64'), '='), '+/', '-_') || '~'
       || translate(rtrim(encode(convert_to(id::text, 'UTF8'), 'base64'), '='), '+/', '-_'), 'UTF8'), 'base64'),
       E'\n', ''), '='), '+/', '-_')) from b64 order by seq" > "$out/ours-Feed.json"
wc -l "$out"/*.json | tail -1
