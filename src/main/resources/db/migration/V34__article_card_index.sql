-- The article of each statement in a listing (a speaker's, a country's page, search results) is
-- shown as a card: its slug, headline, language and direction, its publication time, and whether a
-- reader may see it (status, embargo). This index holds exactly those columns beside the ID, so a
-- page of statements reads its articles' cards from the index, not from article rows (which carry
-- the body and the search vector: ten times the pages).
set local statement_timeout = 0;

-- A B-tree entry holds at most about 2,700 bytes. The API refuses headlines over 500 characters;
-- the database now does too, so the longest headline (with the longest slug, 120 characters) fits.
alter table article add constraint article_headline_length_check check (char_length(headline) <= 500);

create index article_card_idx on article (id)
    include (status, embargo_until, first_published_at, slug, headline, language, direction);
