-- Search: one normalisation applied to stored text (generated, indexed columns) and to queries,
-- full-text vectors with the 'simple' configuration (no stemming: it works for every script) and
-- trigram indexes for typos, missing or extra spaces and prefixes. See docs/decisions/search.md.
-- org.newsroom.search.Normalizer is the Java twin of search_normalize (used only to place
-- highlights in the original text); SearchNormalizerTest checks both give the same results.
create extension if not exists pg_trgm;

-- 1. NFKC (presentation forms, full-width and compatibility characters), 2. lower case (ICU root,
-- whatever the database's locale), 3. NFD, so that accents, hamza, madda and harakat become
-- separate marks, 4. marks, tatweel and invisible format characters removed, 5. punctuation of
-- these scripts to spaces, 6. Arabic letters to their Urdu forms, the heh family to one heh, alef
-- variants to alef, 7. Eastern digits to ASCII, 8. a few Latin letters without a decomposition.
-- Regular expressions and short translate() lists, because translate() costs the length of its
-- list for every character (this runs for every article written).
create function search_normalize(input text) returns text
    language plpgsql immutable strict parallel safe
as $function$
declare
    s text := normalize(lower(normalize(input, nfkc) collate "und-x-icu"), nfd);
begin
    -- removed: combining diacritics, harakat and superscript alef, Quranic marks, tatweel,
    -- zero-width space/non-joiner/joiner, direction marks and embeddings, word joiner, invisible
    -- operators, isolates, BOM, soft hyphen, Arabic letter mark
    s := regexp_replace(s, U&'[\0300-\036F\064B-\065F\0670\06D6-\06DC\06DF-\06E4\06E7\06E8\06EA-\06ED\0640'
        || U&'\200B-\200F\202A-\202E\2060-\2064\2066-\2069\FEFF\00AD\061C]', '', 'g');
    -- Arabic comma, semicolon, question mark, full stop, percent, separators, star, Devanagari
    -- dandas, guillemets, curly quotes, dashes: spaces
    s := regexp_replace(s, U&'[\060C\061B\061F\06D4\066A-\066D\0964\0965\00AB\00BB\2018\2019\201C\201D\2013\2014]',
        ' ', 'g');
    -- yeh, alef maksura -> farsi yeh; kaf, swash kaf -> keheh; heh goal, teh marbuta,
    -- heh doachashmee, ae -> heh; alef wasla, wavy hamza alefs -> alef
    s := translate(s, U&'\064A\0649\0643\06AA\06C1\0629\06BE\06D5\0671\0672\0673',
        U&'\06CC\06CC\06A9\06A9\0647\0647\0647\0647\0627\0627\0627');
    -- Extended Arabic-Indic, Arabic-Indic and Devanagari digits -> ASCII
    if s ~ U&'[\06F0-\06F9\0660-\0669\0966-\096F]' then
        s := translate(s, U&'\06F0\06F1\06F2\06F3\06F4\06F5\06F6\06F7\06F8\06F9'
            || U&'\0660\0661\0662\0663\0664\0665\0666\0667\0668\0669'
            || U&'\0966\0967\0968\0969\096A\096B\096C\096D\096E\096F',
            '012345678901234567890123456789');
    end if;
    if s ~ U&'[\00DF\00E6\0153]' then
        s := replace(replace(replace(s, U&'\00DF', 'ss'), U&'\00E6', 'ae'), U&'\0153', 'oe');
    end if;
    return s;
end
$function$;

-- The prefix query of a search: every word of the normalised text must occur, the last one may be
-- the start of a word (people type it as they go). Built by PostgreSQL's own parser and quoting,
-- never from the raw text, so query syntax characters match nothing rather than fail.
create function search_query(input text) returns tsquery
    language sql immutable strict parallel safe
return (select case when numnode(plain) = 0 then plain else cast(cast(plain as text) || ':*' as tsquery) end
        from plainto_tsquery('simple', search_normalize(input)) as plain);

-- The words of the query next to each other and in order: a phrase match ranks first.
create function search_phrase(input text) returns tsquery
    language sql immutable strict parallel safe
return phraseto_tsquery('simple', search_normalize(input));

alter table article
    add column search_vector tsvector generated always as (
        setweight(to_tsvector('simple', search_normalize(headline)), 'A')
            || setweight(to_tsvector('simple', search_normalize(body)), 'B')) stored,
    add column search_text text generated always as (search_normalize(headline || E'\n' || body)) stored;
create index article_search_vector_idx on article using gin (search_vector);
create index article_search_text_idx on article using gin (search_text gin_trgm_ops);

alter table statement
    add column search_vector tsvector generated always as (to_tsvector('simple', search_normalize(text))) stored,
    add column search_text text generated always as (search_normalize(text)) stored;
create index statement_search_vector_idx on statement using gin (search_vector);
create index statement_search_text_idx on statement using gin (search_text gin_trgm_ops);

alter table speaker
    add column search_vector tsvector generated always as (
        to_tsvector('simple', search_normalize(name || ' ' || latin_name))) stored,
    add column search_text text generated always as (search_normalize(name || ' ' || latin_name)) stored;
create index speaker_search_vector_idx on speaker using gin (search_vector);
create index speaker_search_text_idx on speaker using gin (search_text gin_trgm_ops);
