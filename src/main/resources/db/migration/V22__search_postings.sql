-- Search: postings, one row per word per searchable row, in a B-tree ordered (kind, word, id), so
-- that the newest rows holding a word are read newest first and the walk stops after the few
-- hundred a search ranks. GIN (V3) cannot do that: for a word found in tens of thousands of rows
-- it builds a bitmap of all of them on every search. See docs/decisions/search.md.
-- Loading postings for a large existing corpus takes minutes: no statement timeout here.
set local statement_timeout = 0;

-- kind: 1 article, 2 statement, 3 speaker (the numbers org.newsroom.search.SearchSql.Kind uses).
create table search_posting (
    kind smallint not null,
    word text collate "C" not null,
    id   bigint not null
);
insert into search_posting (kind, word, id)
select 1, w.word, a.id from article a cross join lateral unnest(tsvector_to_array(a.search_vector)) as w(word)
union all
select 2, w.word, s.id from statement s cross join lateral unnest(tsvector_to_array(s.search_vector)) as w(word)
union all
select 3, w.word, sp.id from speaker sp cross join lateral unnest(tsvector_to_array(sp.search_vector)) as w(word);
alter table search_posting add primary key (kind, word, id);

-- Prefix lookups in the vocabulary (the last word of a query is a prefix): byte order, so that
-- [prefix, prefix || U+10FFFF) is exactly the words starting with the prefix, whatever the
-- database's collation.
create index search_word_prefix_idx on search_word (word collate "C");

-- Keeps postings in step with the vectors. Statement-level, with transition tables; an update only
-- touches the words that changed.
create function search_posting_sync() returns trigger
    language plpgsql
as $function$
declare
    row_kind smallint := tg_argv[0]::smallint;
begin
    if tg_op = 'DELETE' then
        delete from search_posting p
        using (select o.id, w.word from old_rows o cross join lateral unnest(tsvector_to_array(o.search_vector)) as w(word)) gone
        where p.kind = row_kind and p.word = gone.word and p.id = gone.id;
    elsif tg_op = 'UPDATE' then
        delete from search_posting p
        using (select o.id, w.word from old_rows o cross join lateral unnest(tsvector_to_array(o.search_vector)) as w(word)
               except
               select n.id, w.word from new_rows n cross join lateral unnest(tsvector_to_array(n.search_vector)) as w(word)) gone
        where p.kind = row_kind and p.word = gone.word and p.id = gone.id;
        insert into search_posting (kind, word, id)
        select row_kind, added.word, added.id
        from (select n.id, w.word from new_rows n cross join lateral unnest(tsvector_to_array(n.search_vector)) as w(word)
              except
              select o.id, w.word from old_rows o cross join lateral unnest(tsvector_to_array(o.search_vector)) as w(word)) added
        on conflict do nothing;
    else
        insert into search_posting (kind, word, id)
        select row_kind, w.word, n.id from new_rows n cross join lateral unnest(tsvector_to_array(n.search_vector)) as w(word)
        on conflict do nothing;
    end if;
    return null;
end
$function$;

create trigger article_search_postings_insert after insert on article
    referencing new table as new_rows for each statement execute function search_posting_sync('1');
create trigger article_search_postings_update after update on article
    referencing old table as old_rows new table as new_rows for each statement execute function search_posting_sync('1');
create trigger article_search_postings_delete after delete on article
    referencing old table as old_rows for each statement execute function search_posting_sync('1');
create trigger statement_search_postings_insert after insert on statement
    referencing new table as new_rows for each statement execute function search_posting_sync('2');
create trigger statement_search_postings_update after update on statement
    referencing old table as old_rows new table as new_rows for each statement execute function search_posting_sync('2');
create trigger statement_search_postings_delete after delete on statement
    referencing old table as old_rows for each statement execute function search_posting_sync('2');
create trigger speaker_search_postings_insert after insert on speaker
    referencing new table as new_rows for each statement execute function search_posting_sync('3');
create trigger speaker_search_postings_update after update on speaker
    referencing old table as old_rows new table as new_rows for each statement execute function search_posting_sync('3');
create trigger speaker_search_postings_delete after delete on speaker
    referencing old table as old_rows for each statement execute function search_posting_sync('3');

-- The newest rows of a kind matching a query, through GIN, range by range below the newest id: a
-- range is read only when the ranges before it held fewer than `wanted` matches, and each is the
-- GIN bitmap ANDed with a primary-key range, so only the heap rows of matches in the ranges read
-- are visited. For the OR queries of the similarity fallback, which the postings do not serve.
create function search_newest_in_ranges(row_kind smallint, query tsquery, wanted integer) returns setof bigint
    language plpgsql stable rows 100
as $function$
declare
    table_name text := case row_kind when 1 then 'article' when 2 then 'statement' else 'speaker' end;
begin
    if query is null or numnode(query) = 0 then
        return;
    end if;
    return query execute format(
        'with newest as (select max(id) as top from %1$I) '
        || '(select c.id from %1$I c, newest where c.search_vector @@ $1 and c.id > newest.top - 4096 order by c.id desc) '
        || 'union all (select c.id from %1$I c, newest where c.search_vector @@ $1 and c.id <= newest.top - 4096 '
        || '  and c.id > newest.top - 65536 order by c.id desc) '
        || 'union all (select c.id from %1$I c, newest where c.search_vector @@ $1 and c.id <= newest.top - 65536 '
        || '  and c.id > newest.top - 1048576 order by c.id desc) '
        || 'union all (select c.id from %1$I c, newest where c.search_vector @@ $1 and c.id <= newest.top - 1048576 '
        || '  order by c.id desc) '
        || 'limit $2', table_name)
        using query, wanted;
end
$function$;

-- The newest `wanted` rows of a kind matching a search query (search_query: every word, the last one
-- as a prefix), newest first: the same rows as search_newest_in_ranges, found through the postings
-- when that is cheaper. The last word's prefix becomes the vocabulary words starting with it (at
-- most 64). The word (or the prefix's words) with the fewest postings, counted up to 2,000, leads.
-- One word: its newest postings are the answer. Several words: the leader's newest postings (at
-- most 2,000) are walked newest first, each row's vector tested against the whole query, until
-- `wanted` match; GIN answers only when that walk finds too few (words that seldom occur together).
-- A prefix of more than 64 words never leads; alone, it is looked for in the newest 2,000 rows.
create function search_newest(row_kind smallint, query tsquery, wanted integer) returns setof bigint
    language plpgsql stable rows 100
as $function$
declare
    table_name text := case row_kind when 1 then 'article' when 2 then 'statement' else 'speaker' end;
    walk_limit constant integer := 2000;
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
    if expansion is not null then
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
    if leader is null then
        -- only a prefix of one or two letters, the start of more than 64 words: looked for in the
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
