-- What PostGraphile needs beside the service's schema (bench database only, never a migration):
-- a read-only login role, a computed column so that statements can be ordered by the publication
-- time of their article, as our service orders them, and computed columns for what our service
-- derives at request time: an article's paragraphs (its non-blank lines), a speaker's name for a
-- reader's language, and a country's name in a language (our service takes it from CLDR; here from
-- bench_meta.country_name, which bench/run.sh fills with our service's names).
\set ON_ERROR_STOP on
set client_min_messages = warning;
do $$
begin
    if not exists (select from pg_roles where rolname = 'bench_readonly') then
        create role bench_readonly login;
    end if;
end $$;

create or replace function public.statement_first_published_at(s public.statement) returns timestamptz
    language sql stable parallel safe
    as $$ select a.first_published_at from public.article a where a.id = s.article_id $$;
comment on function public.statement_first_published_at(public.statement) is
    E'@behavior +orderBy\nWhen the article that reports the statement was first published.';

create or replace function public.article_paragraphs(a public.article)
    returns table ("position" int, text text)
    language sql stable parallel safe
    as $$ select (row_number() over (order by line.n))::int, trim(trailing E'\r' from line.text)
          from unnest(string_to_array(a.body, E'\n')) with ordinality as line(text, n)
          where line.text !~ '^\s*$' order by line.n $$;
comment on function public.article_paragraphs(public.article) is
    E'@behavior -connection +list\nThe non-blank lines of the body, numbered from 1.';

-- The original name when the reader's language is the language it is written in, else the Latin one.
create or replace function public.speaker_localised_name(s public.speaker, lang text) returns text
    language sql stable parallel safe
    as $$ select case when lower(split_part(s.name_language, '-', 1)) = lower(split_part(lang, '-', 1))
                      then s.name else s.latin_name end $$;

create schema if not exists bench_meta;
create table if not exists bench_meta.country_name (
    lang   text not null,
    alpha2 text not null,
    name   text not null,
    primary key (lang, alpha2)
);
create or replace function public.country_name(c public.country, lang text) returns text
    language sql stable parallel safe
    as $$ select n.name from bench_meta.country_name n
          where n.lang = lower(split_part(country_name.lang, '-', 1)) and n.alpha2 = c.alpha2 $$;

grant usage on schema public, bench_meta to bench_readonly;
grant select on bench_meta.country_name to bench_readonly;
grant select on public.article_revision to bench_readonly;
grant select on public.country, public.speaker, public.article, public.article_country,
                public.statement, public.statement_country to bench_readonly;
grant execute on function public.statement_first_published_at(public.statement) to bench_readonly;
