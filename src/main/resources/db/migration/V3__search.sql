-- Search: one normalisation applied to stored text (generated, indexed columns) and to queries,
-- full-text vectors with the 'simple' configuration (no stemming: it works for every script) and
-- trigram indexes for typos, missing or extra spaces and prefixes. See docs/decisions/search.md.
-- org.newsroom.search.Normalizer is the Java twin of search_normalize (used only to place
-- highlights in the original text); SearchNormalizerTest checks both give the same results.
create extension if not exists pg_trgm;

-- 1. NFKC (presentation forms, full-width and compatibility characters), 2. lower case (ICU root,
-- whatever the database's locale), 3. NFD, so that accents, hamza, madda and harakat become
-- separate marks, 4. one translate: Arabic letters to their Urdu forms, the heh family to one
-- heh, alef variants to alef, Eastern digits to ASCII, punctuation of these scripts to spaces, and
-- marks, tatweel and invisible format characters removed, 5. a few Latin letters without a
-- decomposition.
create function search_normalize(input text) returns text
    language sql immutable strict parallel safe
return replace(replace(replace(translate(
    normalize(lower(normalize(input, nfkc) collate "und-x-icu"), nfd),
    -- mapped:  yeh, alef maksura -> farsi yeh; kaf, swash kaf -> keheh;
    --          heh goal, teh marbuta, heh doachashmee, ae -> heh; alef wasla, wavy hamza alefs -> alef;
    --          Extended Arabic-Indic, Arabic-Indic and Devanagari digits -> ASCII;
    --          Arabic comma, semicolon, question mark, full stop, percent, separators, star,
    --          Devanagari dandas, guillemets, curly quotes, dashes -> space
    U&'\064A\0649\0643\06AA\06C1\0629\06BE\06D5\0671\0672\0673'
    || U&'\06F0\06F1\06F2\06F3\06F4\06F5\06F6\06F7\06F8\06F9'
    || U&'\0660\0661\0662\0663\0664\0665\0666\0667\0668\0669'
    || U&'\0966\0967\0968\0969\096A\096B\096C\096D\096E\096F'
    || U&'\060C\061B\061F\06D4\066A\066B\066C\066D\0964\0965\00AB\00BB\2018\2019\201C\201D\2013\2014'
    -- removed: combining diacritics, harakat and superscript alef, Quranic marks, tatweel,
    --          zero-width space/non-joiner/joiner, direction marks and embeddings, word joiner,
    --          invisible operators, isolates, BOM, soft hyphen, Arabic letter mark
    || U&'\0300\0301\0302\0303\0304\0305\0306\0307\0308\0309\030A\030B\030C\030D\030E\030F'
    || U&'\0310\0311\0312\0313\0314\0315\0316\0317\0318\0319\031A\031B\031C\031D\031E\031F'
    || U&'\0320\0321\0322\0323\0324\0325\0326\0327\0328\0329\032A\032B\032C\032D\032E\032F'
    || U&'\0330\0331\0332\0333\0334\0335\0336\0337\0338\0339\033A\033B\033C\033D\033E\033F'
    || U&'\0340\0341\0342\0343\0344\0345\0346\0347\0348\0349\034A\034B\034C\034D\034E\034F'
    || U&'\0350\0351\0352\0353\0354\0355\0356\0357\0358\0359\035A\035B\035C\035D\035E\035F'
    || U&'\0360\0361\0362\0363\0364\0365\0366\0367\0368\0369\036A\036B\036C\036D\036E\036F'
    || U&'\064B\064C\064D\064E\064F\0650\0651\0652\0653\0654\0655\0656\0657\0658\0659\065A\065B\065C\065D\065E\065F'
    || U&'\0670\06D6\06D7\06D8\06D9\06DA\06DB\06DC\06DF\06E0\06E1\06E2\06E3\06E4\06E7\06E8\06EA\06EB\06EC\06ED'
    || U&'\0640\200B\200C\200D\200E\200F\202A\202B\202C\202D\202E\2060\2061\2062\2063\2064\2066\2067\2068\2069'
    || U&'\FEFF\00AD\061C',
    U&'\06CC\06CC\06A9\06A9\0647\0647\0647\0647\0627\0627\0627'
    || '0123456789' || '0123456789' || '0123456789'
    || '                  '),
    U&'\00DF', 'ss'), U&'\00E6', 'ae'), U&'\0153', 'oe');

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
