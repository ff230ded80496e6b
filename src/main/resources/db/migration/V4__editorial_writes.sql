-- Writes (issue 5): editorial workflow, slug history, revisions and speaker merges.

-- Slugs may be Unicode (docs/decisions/slugs.md): ASCII only as lower-case letters, digits and
-- single hyphens between words; any other script's characters as they are (the application
-- keeps only letters, marks and digits).
alter table article drop constraint article_slug_check;
alter table article add constraint article_slug_check
    check (char_length(slug) <= 120 and slug ~ '^([a-z0-9]|[^\x01-\x7f])+(-([a-z0-9]|[^\x01-\x7f])+)*$');

-- The public reason of a withdrawal.
alter table article add column withdrawal_reason text;
alter table article add constraint article_withdrawal_reason_check
    check (status <> 'WITHDRAWN' or btrim(coalesce(withdrawal_reason, '')) <> '');

-- Optimistic versions: every update names the version it saw.
alter table statement add column version bigint not null default 0;
alter table speaker add column version bigint not null default 0;

-- Slugs an article had before; they keep resolving to it.
create table article_slug_history (
    slug       text primary key,
    article_id bigint      not null references article on delete cascade,
    retired_at timestamptz not null
);
create index article_slug_history_article_idx on article_slug_history (article_id);

-- A speaker merged into another: its ID keeps resolving to the survivor.
create table speaker_merge (
    merged_id   bigint primary key,
    survivor_id bigint      not null references speaker on delete cascade,
    merged_at   timestamptz not null,
    merged_by   text        not null
);
create index speaker_merge_survivor_idx on speaker_merge (survivor_id);

-- Every change to an article or to one of its statements: who, when, what, and the row before.
create table article_revision (
    id              bigint generated always as identity primary key,
    article_id      bigint      not null references article on delete cascade,
    -- the statement changed, for statement changes; no foreign key: a removed statement keeps its history
    statement_id    bigint,
    kind            text        not null check (kind in ('CREATED', 'UPDATED', 'PUBLISHED', 'UNPUBLISHED',
                                    'WITHDRAWN', 'CORRECTED', 'STATEMENT_ADDED', 'STATEMENT_UPDATED',
                                    'STATEMENT_REMOVED')),
    -- the version of the article (or of the statement) this change produced
    version         bigint      not null,
    changed_by      text        not null,
    changed_at      timestamptz not null,
    changed_fields  text[]      not null default '{}',
    -- the row as it was before the change (with its countries); null for a creation
    previous        jsonb,
    -- made while the article was public, or a change that made it public: readers may see it
    public          boolean     not null,
    correction_note text,
    check (kind <> 'CORRECTED' or btrim(coalesce(correction_note, '')) <> '')
);
create index article_revision_article_idx on article_revision (article_id, id);
create index article_revision_corrections_idx on article_revision (article_id, id) where kind = 'CORRECTED';
