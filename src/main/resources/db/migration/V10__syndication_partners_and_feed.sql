-- Partner syndication (issue 6): partners, their API keys, and the change feed each one pulls.

-- A partner and what it may pull: empty arrays mean every language / every country.
create table partner (
    id                bigint generated always as identity primary key,
    name              text        not null check (btrim(name) <> ''),
    created_at        timestamptz not null default now(),
    languages         text[]      not null default '{}',
    countries         text[]      not null default '{}',
    version           bigint      not null default 0,
    -- The newest feed position (seq, id) the retention cleanup deleted for this partner: a cursor
    -- before it may have missed entries.
    feed_pruned_seq   bigint      not null default 0,
    feed_pruned_id    bigint      not null default 0
);

-- Keys are stored as SHA-256 of the key text only; the prefix is shown to tell keys apart.
create table partner_api_key (
    id           bigint generated always as identity primary key,
    partner_id   bigint      not null references partner on delete cascade,
    key_hash     bytea       not null unique,
    prefix       text        not null,
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
create index partner_api_key_partner_idx on partner_api_key (partner_id, id);

-- The feed's commit order: a writer takes the next value as the last thing it does, and holds this
-- row's lock until it commits, so values are handed out (and become visible) in commit order.
create table syndication_feed_clock (
    only_row boolean primary key default true check (only_row),
    seq      bigint  not null
);
insert into syndication_feed_clock (seq) values (0);

-- One row per change per partner that sees it (fan-out when written). Ordered by (seq, id).
create table syndication_feed_entry (
    id          bigint generated always as identity primary key,
    partner_id  bigint      not null references partner on delete cascade,
    seq         bigint      not null,
    kind        text        not null check (kind in ('PUBLISHED', 'UPDATED', 'CORRECTED', 'WITHDRAWN',
                                                     'UNPUBLISHED', 'DELETED', 'REVOKED')),
    article_id  bigint      not null,
    version     bigint      not null,
    reason      text,
    occurred_at timestamptz not null default now()
);
create index syndication_feed_entry_position_idx on syndication_feed_entry (partner_id, seq, id);
create index syndication_feed_entry_occurred_idx on syndication_feed_entry (occurred_at);

-- The articles each partner currently holds (was last told about and not told to remove): the
-- feed compares this with what the partner may see now to decide what an article change means to it.
create table partner_article (
    partner_id bigint not null references partner on delete cascade,
    article_id bigint not null,
    primary key (partner_id, article_id)
);
create index partner_article_article_idx on partner_article (article_id);

-- Embargoes already announced, one row per article and embargo time, so that the lift job works
-- once per embargo whichever replica runs it.
create table article_embargo_lift (
    article_id    bigint      not null references article on delete cascade,
    embargo_until timestamptz not null,
    lifted_at     timestamptz not null default now(),
    primary key (article_id, embargo_until)
);
