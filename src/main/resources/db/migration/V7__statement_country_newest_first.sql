-- A country's statements, newest first, straight from an index. Statements are ordered by the
-- publication time of their article; statement_country now carries that time (kept in step by
-- the triggers below), so a country's page reads one page of index entries instead of joining
-- and sorting every statement of the country (tens of thousands for the most reported ones).
alter table statement_country add column first_published_at timestamptz;

update statement_country sc
set first_published_at = a.first_published_at
from statement s
         join article a on a.id = s.article_id
where s.id = sc.statement_id;

create index statement_country_newest_idx
    on statement_country (country_code, first_published_at desc, statement_id desc);

-- A new link takes the time of its statement's article.
create function statement_country_take_published_at() returns trigger
    language plpgsql as
$$
begin
    select a.first_published_at into new.first_published_at
    from statement s
             join article a on a.id = s.article_id
    where s.id = new.statement_id;
    return new;
end
$$;
create trigger statement_country_take_published_at
    before insert or update of statement_id on statement_country
    for each row execute function statement_country_take_published_at();

-- An article published (or re-dated) passes its time on to its statements' links.
create function article_pass_published_at() returns trigger
    language plpgsql as
$$
begin
    update statement_country sc
    set first_published_at = new.first_published_at
    from statement s
    where s.article_id = new.id
      and sc.statement_id = s.id;
    return null;
end
$$;
create trigger article_pass_published_at
    after update of first_published_at on article
    for each row when (old.first_published_at is distinct from new.first_published_at)
    execute function article_pass_published_at();

-- A statement moved to another article takes that article's time.
create function statement_pass_published_at() returns trigger
    language plpgsql as
$$
begin
    update statement_country sc
    set first_published_at = (select a.first_published_at from article a where a.id = new.article_id)
    where sc.statement_id = new.id;
    return null;
end
$$;
create trigger statement_pass_published_at
    after update of article_id on statement
    for each row when (old.article_id is distinct from new.article_id)
    execute function statement_pass_published_at();
