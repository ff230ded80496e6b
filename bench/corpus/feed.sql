-- The syndication feed of one benchmark partner (safe to run again): the partner, its API key (the text
-- below, known to bench.py; stored as SHA-256 like every key), and a PUBLISHED entry for each of the
-- 20,000 newest articles, in id order, as the service writes them when articles are published.
-- Run before every measurement (bench/run.sh), then corpus/samples.sh takes cursors from the entries.
\set ON_ERROR_STOP on
\set api_key 'nrk_benchmark-partner-key-not-a-secret-00000000'
begin;
insert into partner (name)
    select 'Benchmark partner' where not exists (select 1 from partner where name = 'Benchmark partner');
insert into partner_api_key (partner_id, key_hash, prefix)
    select p.id, sha256(convert_to(:'api_key', 'UTF8')), left(:'api_key', 12)
    from partner p where p.name = 'Benchmark partner'
    on conflict (key_hash) do nothing;
-- The entries are made anew on every run and dated within the last day: the service removes entries
-- older than its retention (30 days) a minute after it starts and from then on refuses cursors from
-- before them (FEED_CURSOR_EXPIRED), so entries dated when their articles were published would make
-- every Feed request of the run fail. Their positions follow the feed clock, past any removed ones.
delete from syndication_feed_entry e using partner p where e.partner_id = p.id and p.name = 'Benchmark partner';
insert into syndication_feed_entry (partner_id, seq, kind, article_id, version, occurred_at)
    select p.id, c.seq + row_number() over (order by a.id), 'PUBLISHED', a.id, a.version,
           now() - interval '1 day' + row_number() over (order by a.id) * interval '1 millisecond'
    from partner p
    cross join syndication_feed_clock c
    cross join (select id, version from article where status = 'PUBLISHED'
                order by id desc limit 20000) a
    where p.name = 'Benchmark partner';
insert into partner_article (partner_id, article_id)
    select e.partner_id, e.article_id from syndication_feed_entry e
    join partner p on p.id = e.partner_id and p.name = 'Benchmark partner'
    on conflict do nothing;
update syndication_feed_clock set seq = greatest(seq, (select coalesce(max(seq), 0) from syndication_feed_entry));
commit;
