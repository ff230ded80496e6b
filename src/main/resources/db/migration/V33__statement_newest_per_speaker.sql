-- A speaker's statements, newest first, straight from an index, as V7 did for a country's.
-- Statements are ordered by the publication time of their article; statement now carries that
-- time (kept in step by the triggers below), so a speaker's page reads one page of index entries
-- instead of joining every statement of the speaker to its article and sorting them all (the
-- most quoted speakers have thousands).
set local statement_timeout = 0;

alter table statement add column first_published_at timestamptz;

-- The postings and vocabulary triggers would compare every statement's words for a change that
-- touches none of them.
alter table statement disable trigger statement_search_postings_update;
alter table statement disable trigger statement_search_words_update;
update statement s
set first_published_at = a.first_published_at
from article a
where a.id = s.article_id
  and a.first_published_at is not null;
alter table statement enable trigger statement_search_postings_update;
alter table statement enable trigger statement_search_words_update;

create index statement_speaker_newest_idx on statement (speaker_id, first_published_at desc, id desc);
-- Its leading column serves what statement_speaker_idx served (the foreign key, a speaker's rows).
drop index statement_speaker_idx;

-- A new statement, or one moved to another article, takes the time of its article.
create function statement_take_published_at() returns trigger
    language plpgsql as
$$
begin
    select a.first_published_at into new.first_published_at from article a where a.id = new.article_id;
    return new;
end
$$;
create trigger statement_take_published_at
    before insert or update of article_id on statement
    for each row execute function statement_take_published_at();

-- An article published (or re-dated) passes its time on to its statements.
create function article_pass_published_at_to_statements() returns trigger
    language plpgsql as
$$
begin
    update statement s
    set first_published_at = new.first_published_at
    where s.article_id = new.id
      and s.first_published_at is distinct from new.first_published_at;
    return null;
end
$$;
create trigger article_pass_published_at_to_statements
    after update of first_published_at on article
    for each row when (old.first_published_at is distinct from new.first_published_at)
    execute function article_pass_published_at_to_statements();
