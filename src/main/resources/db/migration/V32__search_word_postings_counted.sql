-- Search (issue 21): the number of postings of each word per kind, kept by triggers, so that a
-- search reads a word's document frequency from one row (and its few pending changes) instead of
-- counting up to 2,000 postings per word and kind on every request, as V27 did. See
-- docs/decisions/search.md ("Document frequencies").

-- Counting every posting takes seconds on a large corpus (about 5 s for 12.7 million): longer than
-- the pool's statement timeout, which Flyway shares.
set local statement_timeout = 0;

create table search_word_postings (
    kind smallint not null,
    word text not null,
    postings integer not null,
    primary key (kind, word)
);

insert into search_word_postings (kind, word, postings)
select p.kind, p.word, count(*) from search_posting p group by p.kind, p.word;

-- Changes not yet added to the counts. Writers only append here, so two writers of texts sharing
-- a word (every text shares the frequent ones) never wait for each other, as they would if each
-- updated the word's count row until its commit (and could deadlock, taking rows in different
-- orders across statements). A count is its row plus its pending changes, both read in the same
-- snapshot: exact.
create table search_word_postings_change (
    kind smallint not null,
    word text not null,
    change integer not null
);
create index search_word_postings_change_word_idx on search_word_postings_change (kind, word);

-- Statement-level, with transition tables: one insert per statement that wrote postings. Then the
-- writer adds the pending changes it can see to the counts, unless another transaction is doing so
-- (a lock it does not wait for): one folder at a time, no writer ever waits, and the changes stay
-- few. A change from a transaction not yet committed is not seen, so it is folded later.
create function search_word_postings_count() returns trigger
    language plpgsql
as $function$
begin
    if tg_op = 'INSERT' then
        insert into search_word_postings_change (kind, word, change)
        select n.kind, n.word, count(*) from new_postings n group by n.kind, n.word;
    else
        insert into search_word_postings_change (kind, word, change)
        select o.kind, o.word, -count(*) from old_postings o group by o.kind, o.word;
    end if;
    if pg_try_advisory_xact_lock(hashtext('search_word_postings_change')) then
        with folded as (delete from search_word_postings_change returning kind, word, change)
        insert into search_word_postings (kind, word, postings)
        select f.kind, f.word, sum(f.change) from folded f group by f.kind, f.word order by f.kind, f.word
        on conflict (kind, word) do update set postings = search_word_postings.postings + excluded.postings;
    end if;
    return null;
end
$function$;

create trigger search_posting_counted_insert after insert on search_posting
    referencing new table as new_postings for each statement execute function search_word_postings_count();
create trigger search_posting_counted_delete after delete on search_posting
    referencing old table as old_postings for each statement execute function search_word_postings_count();

-- The postings of a term of a kind, counted up to `up_to`: of the word itself, or (a prefix) of
-- every word it starts (at most `up_to` words' rows, each counting at least one posting, and the
-- few pending changes). Replaces V27's count over the postings themselves, with the same result.
create function search_term_postings(row_kind smallint, term text, prefix boolean, up_to integer)
    returns integer
    language plpgsql stable strict parallel safe
as $function$
declare
    counted bigint;
    words integer;
begin
    -- plpgsql, not SQL: its statements are planned once per session, not on every call
    if prefix then
        select coalesce(sum(c.postings), 0), count(*) into counted, words
        from (select w.postings from search_word_postings w
              where w.kind = row_kind and w.word >= term and w.word < term || U&'\+10FFFF' and w.postings > 0
              limit up_to) c;
        if words >= up_to then
            return up_to;
        end if;
        counted := counted + coalesce((select sum(x.change) from search_word_postings_change x
                                       where x.kind = row_kind and x.word >= term and x.word < term || U&'\+10FFFF'), 0);
    else
        counted := coalesce((select w.postings from search_word_postings w where w.kind = row_kind and w.word = term), 0)
                   + coalesce((select sum(x.change) from search_word_postings_change x
                               where x.kind = row_kind and x.word = term), 0);
    end if;
    return least(up_to, counted);
end
$function$;

-- The score of a ranked match of a query of at most four words (search_ranked; the terms of absent
-- words are null and count 0): the same expression, term by term, as the statement search_ranked
-- writes for any number of words, so that both give the same float8.
create function search_score(vector tsvector, id bigint, idfs float8[], exact_queries tsquery[],
                             prefix_queries tsquery[], phrase tsquery, idf_sum float8, top float8) returns float8
    language sql immutable parallel safe
return cast(2 + (coalesce(idfs[1] * (case when vector @@ exact_queries[1] then 0.5 else 0 end + ts_rank(vector, prefix_queries[1], 1)), 0)
                 + coalesce(idfs[2] * (case when vector @@ exact_queries[2] then 0.5 else 0 end + ts_rank(vector, prefix_queries[2], 1)), 0)
                 + coalesce(idfs[3] * (case when vector @@ exact_queries[3] then 0.5 else 0 end + ts_rank(vector, prefix_queries[3], 1)), 0)
                 + coalesce(idfs[4] * (case when vector @@ exact_queries[4] then 0.5 else 0 end + ts_rank(vector, prefix_queries[4], 1)), 0)
                 + case when vector @@ phrase then 0.5 * idf_sum else 0 end)
            * (0.9 + 0.1 * id / top) as float8);

-- V27's search_ranked, unchanged but for reading the counts above and scoring queries of up to
-- four words with search_score (its comments in V27 still hold). search_newest is left as V27
-- wrote it: search_ranked hands it the counts of every word, so it counts nothing itself there.
create or replace function search_ranked(row_kind smallint, words text[], query tsquery, phrase tsquery,
                              newest integer, rare_below integer)
    returns table (id bigint, score float8)
    language plpgsql stable rows 200
as $function$
declare
    table_name text := case row_kind when 1 then 'article' when 2 then 'statement' else 'speaker' end;
    df_limit constant integer := 2000;
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
        -- the word's postings as a prefix, up to df_limit: its document frequency
        df := search_term_postings(row_kind, words[i], true,
                                   case when cardinality(words) = 1 then rare_below else df_limit end);
        if df = 0 then
            return;
        end if;
        counts := counts || df;
        every_match := every_match or df < rare_below;
        if df >= rare_below then
            exact_df := search_term_postings(row_kind, words[i], false, rare_below);
            if exact_df between 1 and rare_below - 1 then
                rare_words := rare_words || words[i];
            end if;
        end if;
        idfs := idfs || ln(1 + (greatest(top, df) - df + 0.5) / (df + 0.5));
        exact_queries := exact_queries || cast(search_operand(words[i]) as tsquery);
        prefix_queries := prefix_queries || cast(search_operand(words[i]) || ':*' as tsquery);
    end loop;
    if cardinality(words) = 1 and df < rare_below then
        -- one rare word: every row holding it, from its postings, no row tested
        candidates := array(select distinct p.id from search_posting p
                            where p.kind = row_kind and p.word >= words[1] and p.word < words[1] || U&'\+10FFFF');
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
    if cardinality(words) <= 4 then
        -- the usual queries: static statements, planned once per session (EXECUTE plans on every call)
        return query
            select c.id, search_score(c.search_vector, c.id, idfs, exact_queries, prefix_queries, phrase,
                                      (select sum(x) from unnest(idfs) x), cast(top as float8))
            from article c where row_kind = 1 and c.id = any(candidates)
            union all
            select c.id, search_score(c.search_vector, c.id, idfs, exact_queries, prefix_queries, phrase,
                                      (select sum(x) from unnest(idfs) x), cast(top as float8))
            from statement c where row_kind = 2 and c.id = any(candidates)
            union all
            select c.id, search_score(c.search_vector, c.id, idfs, exact_queries, prefix_queries, phrase,
                                      (select sum(x) from unnest(idfs) x), cast(top as float8))
            from speaker c where row_kind = 3 and c.id = any(candidates);
        return;
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
