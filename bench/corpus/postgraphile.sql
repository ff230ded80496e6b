-- What PostGraphile needs beside the service's schema (bench database only, never a migration):
-- a read-only login role, and a computed column so that statements can be ordered by the
-- publication time of their article, as our service orders them.
\set ON_ERROR_STOP on
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

grant usage on schema public to bench_readonly;
grant select on public.country, public.speaker, public.article, public.article_country,
                public.statement, public.statement_country to bench_readonly;
grant execute on function public.statement_first_published_at(public.statement) to bench_readonly;
