-- Syndication rights of an article (issue 6). An article is syndicated unless an editor says
-- otherwise; until embargo_until passes it is invisible to the public, to partners and to search.
alter table article
    add column syndication_allowed boolean not null default true,
    add column usage_terms         text,
    add column copyright_holder    text,
    add column embargo_until       timestamptz;

alter table article add constraint article_usage_terms_check
    check (usage_terms is null or btrim(usage_terms) <> '');
alter table article add constraint article_copyright_holder_check
    check (copyright_holder is null or btrim(copyright_holder) <> '');

-- Articles still under embargo, for the job that announces each one when its embargo lifts.
create index article_embargo_idx on article (embargo_until) where embargo_until is not null;
