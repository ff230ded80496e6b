-- A corpus for the test suite only (the test profile adds this location to Flyway's): enough
-- English articles to page through, pairs that share a publication time (ties must break by
-- id), drafts that readers must never see, and speakers in several countries. Tests read it and
-- never change it.
insert into speaker (kind, name, name_language, latin_name, role, country_code, source_key)
select case when i % 3 = 0 then 'ORGANISATION' else 'PERSON' end,
       'Test Speaker ' || lpad(i::text, 2, '0'), 'en', 'Test Speaker ' || lpad(i::text, 2, '0'), 'Tester',
       (array ['US', 'GB', 'DE', 'PK', 'IN'])[1 + i % 5], 'test:speaker-' || i
from generate_series(1, 10) as i;

insert into article (slug, language, direction, headline, body, status, first_published_at, last_updated_at,
                     attribution_source, source_document)
select 'test-article-' || i, 'en', 'LTR', 'Test article ' || i,
       'First paragraph of test article ' || i || E'.\nSecond paragraph, where Test Speaker said something.\nThird paragraph.',
       case when i % 20 = 0 then 'DRAFT' else 'PUBLISHED' end,
       case when i % 20 = 0 then null else timestamptz '2021-01-01 00:00:00Z' + (i / 2) * interval '1 day' end,
       timestamptz '2021-01-01 00:00:00Z' + i * interval '1 hour',
       'Test Agency', 'test:article-' || i
from generate_series(1, 63) as i;

create temporary table test_article on commit drop as
select id, cast(substring(slug from 'test-article-(\d+)') as int) as n
from article
where source_document like 'test:%';

insert into article_country (article_id, country_code)
select id, (array ['US', 'GB', 'DE', 'PK', 'IN'])[1 + n % 5] from test_article
union
select id, 'US' from test_article where n % 2 = 0;

-- "Second paragraph, where Test Speaker said something.": two statements in paragraph 2
insert into statement (article_id, paragraph_position, start_offset, end_offset, text, kind, speaker_id, reported_via)
select t.id, 2, 0, 16, 'Second paragraph', 'CLAIM',
       (select s.id from speaker s where s.source_key = 'test:speaker-' || (1 + t.n % 10)), 'Test Agency'
from test_article t
union all
select t.id, 2, 37, 51, 'said something', case when t.n % 4 = 0 then 'DENIAL' else 'WARNING' end,
       (select s.id from speaker s where s.source_key = 'test:speaker-' || (1 + (t.n + 3) % 10)), null
from test_article t;

insert into statement_country (statement_id, country_code)
select s.id, (array ['US', 'GB', 'DE', 'PK', 'IN'])[1 + t.n % 5]
from statement s
         join test_article t on t.id = s.article_id;
