-- search_newest (V22) learns two shortcuts, same rows as before:
-- * alternatives ('w1' | 'w2' | ...: the similarity fallback's query for one typed word) are read
--   from the postings, the newest of each word merged, instead of GIN ranges (a frequent similar
--   word cost 16 ms of bitmap and heap work; its postings cost well under one);
-- * a query of one term (one word, or one prefix) no longer counts postings to choose a leader:
--   there is nothing to choose;
-- * a prefix alone that starts more than 64 words but has fewer than 10,000 postings (V22 tested
--   the newest 2,000 rows one by one, 5-14 ms, and found only the matches among them) is answered
--   from all its postings, newest first: the newest 2 x wanted of them (a row holding two of its
--   words counts twice), all of them only when those held too few distinct rows. A more frequent
--   prefix keeps V22's walk, which then finds its matches among the newest rows quickly.
-- Everything else is V22's function unchanged. SearchPostingsTest compares it with GIN.
create or replace function search_newest(row_kind smallint, query tsquery, wanted integer) returns setof bigint
    language plpgsql stable rows 100
as $function$
declare
    table_name text := case row_kind when 1 then 'article' when 2 then 'statement' else 'speaker' end;
    walk_limit constant integer := 2000;
    rare_prefix_limit constant integer := 10000;
    words text[];
    prefix text;
    expansion text[];
    leader text[];
    leader_count integer;
    word_count integer;
    term text;
    found bigint[];
begin
    if query is null or numnode(query) = 0 then
        return;
    end if;
    if query::text ~ '^''(?:[^'']|'''')*''( \| ''(?:[^'']|'''')*'')*$' then
        -- one word, or alternatives: the newest postings of each, merged
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
    select array_agg(replace(replace(m[1], '''''', ''''), '\\', '\')) filter (where m[2] is null),
           max(replace(replace(m[1], '''''', ''''), '\\', '\')) filter (where m[2] is not null)
    into words, prefix
    from regexp_matches(query::text, '''((?:[^'']|'''')*)''(:\*)?', 'g') as r(m);
    if prefix is not null then
        select array_agg(v.word) into expansion
        from (select s.word from search_word s
              where s.word collate "C" >= prefix and s.word collate "C" < prefix || U&'\+10FFFF'
              order by s.word collate "C" limit 65) v;
        if expansion is null then
            return;
        end if;
        if cardinality(expansion) > 64 then
            expansion := null; -- a short prefix of many words: tested on the rows' vectors, never leads
        end if;
    end if;
    if words is null and expansion is not null then
        -- a prefix alone: the newest postings of the words it starts
        leader := expansion;
    end if;
    foreach term in array coalesce(words, '{}') loop
        select count(*) into word_count
        from (select 1 from search_posting p where p.kind = row_kind and p.word = term limit walk_limit) c;
        if word_count = 0 then
            return;
        end if;
        if leader_count is null or word_count < leader_count then
            leader := array[term];
            leader_count := word_count;
        end if;
    end loop;
    if expansion is not null and words is not null then
        select count(*) into word_count
        from (select 1 from search_posting p where p.kind = row_kind and p.word = any(expansion) limit walk_limit) c;
        if word_count = 0 then
            return;
        end if;
        if leader_count is null or word_count < leader_count then
            leader := expansion;
            leader_count := word_count;
        end if;
    end if;
    if leader is null and words is null then
        select count(*) into word_count
        from (select 1 from search_posting p
              where p.kind = row_kind and p.word >= prefix and p.word < prefix || U&'\+10FFFF'
              limit rare_prefix_limit) c;
        if word_count < rare_prefix_limit then
            found := array(select distinct e.id
                           from (select p.id from search_posting p
                                 where p.kind = row_kind and p.word >= prefix and p.word < prefix || U&'\+10FFFF'
                                 order by p.id desc limit 2 * wanted) e
                           order by e.id desc limit wanted);
            if cardinality(found) < wanted and word_count > 2 * wanted then
                found := array(select e.id
                               from (select distinct p.id from search_posting p
                                     where p.kind = row_kind and p.word >= prefix and p.word < prefix || U&'\+10FFFF') e
                               order by e.id desc limit wanted);
            end if;
            return query select f.id from unnest(found) as f(id);
            return;
        end if;
    end if;
    if leader is null then
        -- only a frequent prefix of one or two letters, the start of more than 64 words: looked for in the
        -- newest 2,000 rows only (collecting every row of every word it starts would cost more than
        -- a whole search should; one more letter and the prefix expands)
        return query execute format('select w.id from (select c.id from %1$I c order by c.id desc limit $2) w '
            || 'where (select c.search_vector @@ $1 from %1$I c where c.id = w.id) limit $3', table_name)
            using query, walk_limit, wanted;
        return;
    end if;
    if coalesce(cardinality(words), 0) + (prefix is not null)::integer = 1 then
        return query
            select distinct e.id
            from unnest(leader) as l(word)
            cross join lateral (select p.id from search_posting p where p.kind = row_kind and p.word = l.word
                                order by p.id desc limit wanted) e
            order by e.id desc limit wanted;
        return;
    end if;
    execute format(
        'select array(select w.id from ('
        || '    select distinct e.id from unnest($1) as l(word) cross join lateral ('
        || '      select p.id from search_posting p where p.kind = $2 and p.word = l.word order by p.id desc limit $4) e'
        || '    order by e.id desc limit $4) w'
        -- a subquery per row, not a semi-join the planner could turn into one GIN scan of the whole query
        || '  where (select c.search_vector @@ $3 from %I c where c.id = w.id) limit $5)', table_name)
        into found using leader, row_kind, query, walk_limit, wanted;
    if cardinality(found) >= wanted or leader_count < walk_limit then
        return query select f.id from unnest(found) as f(id);
        return;
    end if;
    -- frequent words seldom together: few matches, so one GIN scan and their heap rows, sorted
    -- (id + 0: not a backward walk of the primary key testing every row)
    return query execute format('select c.id from %I c where c.search_vector @@ $1 order by c.id + 0 desc limit $2',
        table_name) using query, wanted;
end
$function$;
