-- The syndication feed of one benchmark partner (idempotent): the partner, its API key (the text
-- below, known to bench.py; stored as SHA-256 like every key), and a PUBLISHED entry for each of the
-- 20,000 newest articles, in id order, as the service writes them when articles are published.
\set ON_ERROR_STOP on
\set api_key 'nrk_benchmark-partner-key-not-a-secret-00000000'
begin;
insert into partner (name)
    select 'Benchmark partner' where not exists (select 1 from partner where name = 'Benchmark partner');
insert into partner_api_key (partner_id, key_hash, prefix)
    select p.id, sha256(convert_to(:'api_key', 'UTF8')), left(:'api_key', 12)
    from partner p where p.name = 'Benchmark partner'
    on conflict (key_hash) do nothing;
insert into syndication_feed_entry (partner_id, seq, kind, article_id, version, occurred_at)
    select p.id, row_number() over (order by a.id), 'PUBLISHED', a.id, a.version, a.first_published_at
    from partner p
    cross join (select id, version, first_published_at from article where status = 'PUBLISHED'
                order by id desc limit 20000) a
    where p.name = 'Benchmark partner'
      and not exists (select 1 from syndication_feed_entry e where e.partner_id = p.id);
insert into partner_article (partner_id, article_id)
    select e.partner_id, e.article_id from syndication_feed_entry e
    join partner p on p.id = e.partner_id and p.name = 'Benchmark partner'
    on conflict do nothing;
update syndication_feed_clock set seq = greatest(seq, (select coalesce(max(seq), 0) from syndication_feed_entry));
commit;
