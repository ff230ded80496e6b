create table speaker (
    id            bigint generated always as identity primary key,
    kind          text    not null check (kind in ('PERSON', 'ORGANISATION')),
    -- the name as written in the script of the article that quotes the speaker
    name          text    not null check (btrim(name) <> ''),
    name_language text    not null,
    latin_name    text    not null check (btrim(latin_name) <> ''),
    role          text,
    affiliation   text,
    country_code  text references country,
    wikidata_qid  text check (wikidata_qid ~ '^Q[1-9][0-9]*$'),
    -- natural key of imported speakers, so an import never creates one twice
    source_key    text unique
);
create index speaker_latin_name_idx on speaker ((latin_name collate "C"), id);
create index speaker_country_idx on speaker (country_code, (latin_name collate "C"), id);

create table article (
    id                 bigint generated always as identity primary key,
    slug               text        not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    language           text        not null,
    direction          text        not null check (direction in ('LTR', 'RTL')),
    headline           text        not null check (btrim(headline) <> ''),
    -- the original text, byte for byte; paragraphs are its non-blank lines
    body               text        not null,
    status             text        not null check (status in ('DRAFT', 'PUBLISHED', 'WITHDRAWN')),
    first_published_at timestamptz,
    last_updated_at    timestamptz not null,
    attribution_source text,
    -- fields the original text lacks and the editors added (HEADLINE, FIRST_PUBLISHED_AT, ...)
    editorial_fields   text[]      not null default '{}',
    -- the document an import came from, so an import never creates an article twice
    source_document    text unique,
    version            bigint      not null default 0,
    check (status = 'DRAFT' or first_published_at is not null)
);
create index article_published_idx on article (first_published_at, id) where status = 'PUBLISHED';
create index article_updated_idx on article (last_updated_at, id) where status = 'PUBLISHED';

create table article_country (
    article_id   bigint  not null references article on delete cascade,
    country_code text not null references country,
    primary key (article_id, country_code)
);
create index article_country_country_idx on article_country (country_code, article_id);

create table statement (
    id                 bigint generated always as identity primary key,
    article_id         bigint not null references article on delete cascade,
    -- 1-based paragraph, and [start_offset, end_offset) in UTF-16 code units of that paragraph
    paragraph_position int    not null check (paragraph_position >= 1),
    start_offset       int    not null check (start_offset >= 0),
    end_offset         int    not null,
    text               text   not null,
    kind               text   not null check (kind in ('CLAIM', 'WARNING', 'ASSESSMENT', 'CONFIRMATION',
                                                      'DENIAL', 'NO_ANSWER', 'PREDICTION', 'PROMISE', 'QUESTION')),
    speaker_id         bigint not null references speaker,
    reported_via       text,
    check (end_offset > start_offset),
    unique (article_id, paragraph_position, start_offset, end_offset, speaker_id)
);
create index statement_article_idx on statement (article_id, paragraph_position, start_offset, id);
create index statement_speaker_idx on statement (speaker_id, id);

create table statement_country (
    statement_id bigint  not null references statement on delete cascade,
    country_code text not null references country,
    primary key (statement_id, country_code)
);
create index statement_country_country_idx on statement_country (country_code, statement_id);
