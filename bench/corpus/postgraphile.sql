-- What PostGraphile needs beside the service's schema (bench database only, never a migration):
-- a read-only login role and computed columns for what our service derives at request time: an
-- article's paragraphs (its non-blank lines), a speaker's name for a reader's language, and a
-- country's name in a language (our service takes it from CLDR; here from
-- bench_meta.country_name, which bench/run.sh fills with our service's names).
\set ON_ERROR_STOP on
set client_min_messages = warning;
do $$
begin
    if not exists (select from pg_roles where rolname = 'bench_readonly') then
        create role bench_readonly login;
    end if;
end $$;

-- Statements carry their article's publication time since V33 (statement.first_published_at), so
-- PostGraphile orders them by that column and its index, as our service does; the computed column
-- that stood in for it before would now clash with the column's name.
drop function if exists public.statement_first_published_at(public.statement);

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
