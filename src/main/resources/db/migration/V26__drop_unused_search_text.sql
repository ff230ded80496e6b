-- The normalised text of articles and statements (V3) and its trigram indexes have served no query
-- since the similarity fallback looks words up in the vocabulary (V8); they only cost every write
-- a third normalisation of the text and a trigram index update (207 MB of index for the
-- 200,000-article benchmark corpus). Speakers keep theirs: name type-ahead reads it.
drop index if exists article_search_text_idx;
drop index if exists statement_search_text_idx;
alter table article drop column if exists search_text;
alter table statement drop column if exists search_text;
