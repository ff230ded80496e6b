-- Checks of the generated corpus: sizes, and that every sampled statement is the substring of its
-- paragraph that its offsets name. Prints one row; bench/run.sh fails when ok is false.
\set ON_ERROR_STOP on
\ir sizes.sql
with sample as (
    select s.text, s.start_offset, s.end_offset,
           split_part(a.body, E'\n', s.paragraph_position) as paragraph
    from statement s join article a on a.id = s.article_id
    where s.id % 50 = 0
)
select (select count(*) from article where status = 'PUBLISHED') as published_articles,
       (select count(*) from statement) as statements,
       (select count(*) from speaker) as speakers,
       (select count(*) from statement_country) as statement_countries,
       (select count(*) from article_country) as article_countries,
       (select count(distinct language) from article) as languages,
       (select round(avg(length(body))) from article) as avg_body_chars,
       (select count(*) from sample) as sampled_statements,
       (select count(*) from sample
         where substr(paragraph, start_offset + 1, end_offset - start_offset) <> text) as bad_offsets,
       (select count(*) from sample) > 0
         and (select count(*) from sample
               where substr(paragraph, start_offset + 1, end_offset - start_offset) <> text) = 0
         and (select count(*) from article where status = 'PUBLISHED') >= :articles
         and (select count(*) from statement) >= :statements
         and (select count(*) from speaker) >= :speakers as ok;
