-- Search at scale (issue 21): every row holding all the words is found, rare words weigh more, and
-- the order of the words changes nothing. See docs/decisions/search.md ("Matching and ranking").
-- Functions only: no table is rewritten, so this applies in well under a second to a large corpus.

-- The distinct words of a query, normalised, in the vectors' own (sorted) order: the same array
-- for a query and for any permutation or repetition of its words.
create or replace function search_words(input text) returns text[]
    language sql immutable strict parallel safe
return tsvector_to_array(to_tsvector('simple', search_normalize(input)));

-- One word as a tsquery operand, quoted as the tsquery parser reads it back (the V22 functions
-- parse the same quoting).
create or replace function search_operand(word text) returns text
    language sql immutable strict parallel safe
return '''' || replace(replace(word, '\', '\\'), '''', '''''') || '''';

-- Every word of the query must occur, each as a typed word or as the start of a longer one: all
-- words are treated alike (V3 made only the last word a prefix, so swapping two words changed the
-- rows found). Exact forms rank higher (search_ranked).
create or replace function search_query(input text) returns tsquery
    language sql immutable strict parallel safe
return (select cast(coalesce(string_agg(search_operand(w.word) || ':*', ' & ' order by w.n), '') as tsquery)
        from unnest(search_words(input)) with ordinality as w(word, n));

-- Every order of 1 .. n (n at most 4), by next permutation: a plpgsql loop, not a recursive query,
-- whose row estimates make PostgreSQL JIT-compile it (a quarter of a second for four rows).
create or replace function search_orders(n integer) returns setof integer[]
    language plpgsql immutable strict parallel safe rows 24
as $function$
declare
    positions integer[] := array(select generate_series(1, n));
    i integer;
    j integer;
    swap integer;
begin
    if n not between 1 and 4 then
        return;
    end if;
    loop
        return next positions;
        i := n - 1;
        while i >= 1 and positions[i] >= positions[i + 1] loop
            i := i - 1;
        end loop;
        exit when i < 1;
        j := n;
        while positions[j] <= positions[i] loop
            j := j - 1;
        end loop;
        swap := positions[i];
        positions[i] := positions[j];
        positions[j] := swap;
        positions := positions[1:i] || array(select positions[k] from generate_series(n, i + 1, -1) k);
    end loop;
end
$function$;

-- The proximity bonus: the words next to each other in any order (2 to 4 words; null otherwise). V3
-- used the typed order, which made a permutation of the words rank differently.
create or replace function search_phrase(input text) returns tsquery
    language sql immutable strict parallel safe
return (select cast(string_agg('(' || (select string_agg(search_operand(w.words[o.p[k]]) || ':*', ' <-> ' order by k)
                                      from generate_series(1, cardinality(o.p)) k) || ')', ' | ') as tsquery)
        from (select search_words(input) as words) w
        cross join lateral search_orders(cardinality(w.words)) o(p)
        where cardinality(w.words) between 2 and 4);

-- The similarity fallback (V8) looked for words similar to the query with its spaces removed in the
-- typed order; now in every order of its (distinct) words, 2 or 3 of them, so that the order in
-- which words were typed changes nothing here either.
create or replace function search_similar_query(input text) returns tsquery
    language plpgsql stable strict parallel safe
as $function$
declare
    words text[] := search_words(input);
    result tsquery;
    close_words tsquery;
    word text;
    joined text;
begin
    foreach word in array words loop
        close_words := search_similar_words(word);
        if close_words is not null then
            result := case when result is null then close_words else result && close_words end;
        end if;
    end loop;
    if cardinality(words) between 2 and 3 then
        for joined in select string_agg(words[o.p[k]], '' order by k) from search_orders(cardinality(words)) o(p),
                          generate_series(1, cardinality(words)) k group by o.p order by 1 loop
            close_words := search_similar_words(joined);
            if close_words is not null then
                result := case when result is null then close_words else result || close_words end;
            end if;
        end loop;
    end if;
    return result;
end
$function$;

-- The newest `wanted` rows of a kind matching an AND of terms (each a word or a prefix), newest
-- first; the same rows as search_newest_in_ranges (GIN). Each term's postings are counted (up to
-- 2,000; a prefix counts those of every word it starts) and it is expanded to the vocabulary words
-- it stands for (at most 64; more: "wide"). The term with the fewest postings leads:
-- * fewer than 2,000: all its postings are read, so every match is found whatever its age (V22 walked
--   only the newest 2,000 postings of the leader, and a prefix of more than 64 words never led);
-- * every term frequent: the narrow term with the fewest words leads, its words' newest postings
--   merged (at most 2,000 rows); with no narrow term, the newest 2,000 rows of the kind.
-- A candidate is tested against the other terms on their postings (B-tree probes of (kind, word,
-- id), no heap row) when each stands for at most 16 words, else on its vector. Too few matches
-- among the newest (frequent words seldom together): GIN. A lone prefix of more than 64 words is
-- read from its postings when they are at most 20,000.
-- Alternatives ('w1' | 'w2', the similarity fallback) are V25's shortcut, unchanged; other shapes: GIN.
-- (The five-argument form is told the postings of some prefixes, counted up to 2,000, so as not to
-- count them again; the three-argument form below counts them itself.)
create or replace function search_newest(row_kind smallint, query tsquery, wanted integer,
                                         counted_prefixes text[], counted integer[]) returns setof bigint
    language plpgsql stable rows 100
as $function$
declare
    table_name text := case row_kind when 1 then 'article' when 2 then 'statement' else 'speaker' end;
    walk_limit constant integer := 2000;
    probe_limit constant integer := 16;
    wide_limit constant integer := 20000;
    terms text[];
    prefixes boolean[];
    expansion text[];
    expansions text[] := '{}'; -- per term: its words as an array literal, '' when wide
    sizes integer[] := '{}'; -- per term: how many words it stands for (65: wide)
    counts integer[] := '{}';
    leader integer;
    term_count integer;
    probes text := 'true';
    heap_test boolean := false;
    found bigint[];
begin
    if query is null or numnode(query) = 0 then
        return;
    end if;
    if query::text ~ '^''(?:[^'']|'''')*''( \| ''(?:[^'']|'''')*'')*$' then
        return query
            select distinct e.id
            from (select distinct replace(replace(r.m[1], '''''', ''''), '\\', '\') as word
                  from regexp_matches(query::text, '''((?:[^'']|'''')*)''', 'g') as r(m)) l
            cross join lateral (select p.id from search_posting p where p.kind = row_kind and p.word = l.word
                                order by p.id desc limit wanted) e
            order by e.id desc limit wanted;
        return;
    end if;
    if query::text ~ '^(''(?:[^'']|'''')*''(:\*)? & )*''(?:[^'']|'''')*''(:\*)?$' is not true then
        return query select * from search_newest_in_ranges(row_kind, query, wanted);
        return;
    end if;
    select array_agg(replace(replace(r.m[1], '''''', ''''), '\\', '\') order by r.n), array_agg(r.m[2] is not null order by r.n)
    into terms, prefixes
    from regexp_matches(query::text, '''((?:[^'']|'''')*)''(:\*)?', 'g') with ordinality as r(m, n);
    if cardinality(terms) = 1 and not prefixes[1] then
        return query select p.id from search_posting p where p.kind = row_kind and p.word = terms[1]
                     order by p.id desc limit wanted;
        return;
    end if;
    for i in 1 .. cardinality(terms) loop
        if cardinality(terms) = 1 then
            -- one prefix: its words' newest postings merged, nothing to count, unless it is wide
            expansion := array(select v.word from search_word v
                               where v.word collate "C" >= terms[1] and v.word collate "C" < terms[1] || U&'\+10FFFF'
                               order by v.word collate "C" limit 65);
            if cardinality(expansion) <= 64 then
                return query select distinct e.id from unnest(expansion) l(word)
                             cross join lateral (select p.id from search_posting p where p.kind = row_kind
                                                 and p.word = l.word order by p.id desc limit wanted) e
                             order by e.id desc limit wanted;
                return;
            end if;
        end if;
        term_count := case when prefixes[i] then counted[array_position(counted_prefixes, terms[i])] end;
        if term_count is null then
            select count(*) into term_count
            from (select 1 from search_posting p
                  where p.kind = row_kind and p.word >= terms[i]
                    and p.word < terms[i] || case when prefixes[i] then U&'\+10FFFF' else U&'\0001' end
                  limit walk_limit) c;
        end if;
        if term_count = 0 then
            return;
        end if;
        if prefixes[i] then
            expansion := array(select v.word from search_word v
                               where v.word collate "C" >= terms[i] and v.word collate "C" < terms[i] || U&'\+10FFFF'
                               order by v.word collate "C" limit 65);
        else
            expansion := array[terms[i]];
        end if;
        counts := counts || term_count;
        sizes := sizes || cardinality(expansion);
        expansions := expansions || case when cardinality(expansion) > 64 then '' else cast(expansion as text) end;
        -- the fewest postings lead; among frequent terms (all counted 2,000), the fewest words
        if leader is null or term_count < counts[leader]
           or (term_count = walk_limit and counts[leader] = walk_limit and cardinality(expansion) < sizes[leader]) then
            leader := i;
        end if;
    end loop;
    if cardinality(terms) = 1 and sizes[1] > 64 then
        -- a short prefix of many words: its postings, the newest of them, when there are at most
        -- wide_limit (else the newest rows are tested one by one below; V25 did this up to 10,000)
        found := array(select p.id from search_posting p where p.kind = row_kind
                       and p.word >= terms[1] and p.word < terms[1] || U&'\+10FFFF' limit wide_limit + 1);
        if cardinality(found) <= wide_limit then
            return query select distinct f.id from unnest(found) f(id) order by f.id desc limit wanted;
            return;
        end if;
    end if;
    -- how a candidate w is tested against the terms other than the leader
    for i in 1 .. cardinality(terms) loop
        continue when i = leader;
        if sizes[i] > probe_limit then
            heap_test := true;
        else
            probes := probes || format(' and exists (select 1 from search_posting x where x.kind = $1 and x.word = any(%L::text[]) and x.id = w.id)',
                                       expansions[i]);
        end if;
    end loop;
    if heap_test then
        probes := probes || format(' and (select c.search_vector @@ $2 from %I c where c.id = w.id)', table_name);
    end if;
    if counts[leader] < walk_limit then
        return query execute format(
            'select w.id from (select distinct p.id from search_posting p where p.kind = $1 and p.word >= $3 and p.word < $4) w '
            || 'where %s order by w.id desc limit $5', probes)
            using row_kind, query, terms[leader],
                  terms[leader] || case when prefixes[leader] then U&'\+10FFFF' else U&'\0001' end, wanted;
        return;
    end if;
    if sizes[leader] <= 64 then
        execute format(
            'select array(select w.id from (select distinct e.id from unnest($3::text[]) l(word) cross join lateral ('
            || '  select p.id from search_posting p where p.kind = $1 and p.word = l.word order by p.id desc limit $4) e '
            || '  order by e.id desc limit $4) w where %s order by w.id desc limit $5)', probes)
            into found using row_kind, query, expansions[leader],
                             case when cardinality(terms) = 1 then wanted else walk_limit end, wanted;
    else
        execute format(
            'select array(select w.id from (select c.id from %1$I c order by c.id desc limit $3) w '
            || 'where (select c.search_vector @@ $2 from %1$I c where c.id = w.id) order by w.id desc limit $4)', table_name)
            into found using row_kind, query, walk_limit, wanted;
    end if;
    if cardinality(found) >= wanted then
        return query select f.id from unnest(found) as f(id);
        return;
    end if;
    -- frequent words seldom together: few matches, so one GIN scan and their heap rows, sorted
    -- (id + 0: not a backward walk of the primary key testing every row)
    return query execute format('select c.id from %I c where c.search_vector @@ $1 order by c.id + 0 desc limit $2',
        table_name) using query, wanted;
end
$function$;

create or replace function search_newest(row_kind smallint, query tsquery, wanted integer) returns setof bigint
    language sql stable rows 100
as $function$
    select * from search_newest(row_kind, query, wanted, null::text[], null::integer[])
$function$;

-- The ranked matches of a search of one kind, with their scores (2 and more; see the decision note):
-- * when some word (as a prefix) has fewer than `rare_below` postings: every match;
-- * otherwise the newest `newest` matches, and every match holding, exactly as typed, a word with
--   fewer than `rare_below` postings (so a rare word typed in full finds its old rows among
--   frequent prefix matches).
-- The other matches (older rows of frequent words) are not ranked: the caller lists them after
-- these, newest first. Score = 2 + (sum over the words of idf x term weight + proximity bonus) x
-- recency, where
--   idf = ln(1 + (N - df + 0.5) / (df + 0.5)), N the kind's highest id, df the postings of the
--         word as a prefix, counted up to 2,000 (a word in more rows weighs as one in 2,000; a query
--         of one word counts to rare_below only: its idf scales all its scores alike);
--   term weight = 0.5 if the row holds the word exactly + ts_rank(vector, word:*), normalisation
--         1: saturating in the occurrences (ts_rank sums w/j^2 over them), headline 2.5 x body,
--         divided by 1 + ln(document length);
--   proximity bonus = half the sum of the idfs when the words stand next to each other in some
--         order (search_phrase);
--   recency = 0.9 + 0.1 x id / N.
create or replace function search_ranked(row_kind smallint, words text[], query tsquery, phrase tsquery,
                              newest integer, rare_below integer)
    returns table (id bigint, score float8)
    language plpgsql stable rows 200
as $function$
declare
    table_name text := case row_kind when 1 then 'article' when 2 then 'statement' else 'speaker' end;
    df_limit constant integer := 2000;
    postings bigint[];
    counts integer[] := '{}';
    terms text[];
    top bigint;
    idfs float8[] := '{}';
    exact_queries tsquery[] := '{}';
    prefix_queries tsquery[] := '{}';
    rare_words text[] := '{}';
    every_match boolean := false;
    df integer;
    exact_df integer;
    candidates bigint[];
    rare_matches bigint[];
begin
    if words is null or cardinality(words) = 0 or query is null or numnode(query) = 0 then
        return;
    end if;
    -- static statements (plans kept), not EXECUTE (planned on every call)
    top := case row_kind when 1 then (select max(a.id) from article a) when 2 then (select max(s.id) from statement s)
                         else (select max(sp.id) from speaker sp) end;
    if top is null then
        return;
    end if;
    for i in 1 .. cardinality(words) loop
        -- the word's postings as a prefix, up to df_limit: its document frequency, and for a query of
        -- one word with fewer, the candidates themselves
        postings := array(select p.id from search_posting p
                          where p.kind = row_kind and p.word >= words[i] and p.word < words[i] || U&'\+10FFFF'
                          limit case when cardinality(words) = 1 then rare_below else df_limit end);
        df := cardinality(postings);
        if df = 0 then
            return;
        end if;
        counts := counts || df;
        every_match := every_match or df < rare_below;
        if df >= rare_below then
            select count(*) into exact_df
            from (select 1 from search_posting p where p.kind = row_kind and p.word = words[i] limit rare_below) c;
            if exact_df between 1 and rare_below - 1 then
                rare_words := rare_words || words[i];
            end if;
        end if;
        idfs := idfs || ln(1 + (greatest(top, df) - df + 0.5) / (df + 0.5));
        exact_queries := exact_queries || cast(search_operand(words[i]) as tsquery);
        prefix_queries := prefix_queries || cast(search_operand(words[i]) || ':*' as tsquery);
    end loop;
    if cardinality(words) = 1 and df < rare_below then
        -- one word, its postings counted to the end: the newest of them (all when rare), no row tested
        candidates := array(select distinct e.id from unnest(postings) e(id)
                            order by e.id desc limit case when every_match then null else newest end);
    else
        candidates := array(select n.id from search_newest(row_kind, query, case when every_match then rare_below else newest end,
                                                           -- (one word was counted only to rare_below)
                                                           case when cardinality(words) > 1 then words end, counts) n(id));
    end if;
    if not every_match and cardinality(rare_words) > 0 then
        rare_matches := array(select distinct p.id from search_posting p where p.kind = row_kind and p.word = any(rare_words)
                              and (cardinality(words) = 1
                                   or case row_kind when 1 then (select a.search_vector @@ query from article a where a.id = p.id)
                                                    when 2 then (select s.search_vector @@ query from statement s where s.id = p.id)
                                                    else (select sp.search_vector @@ query from speaker sp where sp.id = p.id) end));
        candidates := candidates || rare_matches;
    end if;
    -- one term per word, written out (array positions only: the words stay parameters)
    terms := array(select format('$2[%s] * (case when c.search_vector @@ $3[%s] then 0.5 else 0 end '
                                 || '+ ts_rank(c.search_vector, $4[%s], 1))', i, i, i)
                   from generate_series(1, cardinality(words)) i);
    return query execute format(
        'select c.id, cast(2 + (%s + case when c.search_vector @@ $5 then 0.5 * $6 else 0 end) '
        || '* (0.9 + 0.1 * c.id / $7) as float8) from %I c where c.id = any($1)', array_to_string(terms, ' + '), table_name)
        using candidates, idfs, exact_queries, prefix_queries, phrase,
              (select sum(x) from unnest(idfs) x), cast(top as float8);
end
$function$;
