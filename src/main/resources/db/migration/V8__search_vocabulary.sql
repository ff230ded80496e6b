-- Search: the vocabulary, every distinct word (lexeme) of the stored search vectors, with a trigram
-- index. The similarity fallback looks for words similar to the query's words here (short strings,
-- a selective index) and then searches the vectors for those words exactly, instead of comparing
-- the query with whole article bodies. See docs/decisions/search.md.

create table search_word (
    word text primary key
);
create index search_word_trgm_idx on search_word using gin (word gin_trgm_ops);

-- Statement-level triggers with transition tables: one insert per statement, however many rows it
-- wrote. Words are inserted in sorted order, so two transactions adding overlapping words wait
-- for each other instead of deadlocking. Words no row uses any more stay (harmless: an exact
-- search for them finds nothing); the table only grows with new words.
create function search_word_collect() returns trigger
    language plpgsql
as $function$
begin
    insert into search_word (word)
    select distinct w.word
    from new_rows r cross join lateral unnest(tsvector_to_array(r.search_vector)) as w(word)
    order by w.word
    on conflict do nothing;
    return null;
end
$function$;

create trigger article_search_words_insert after insert on article
    referencing new table as new_rows for each statement execute function search_word_collect();
create trigger article_search_words_update after update on article
    referencing new table as new_rows for each statement execute function search_word_collect();
create trigger statement_search_words_insert after insert on statement
    referencing new table as new_rows for each statement execute function search_word_collect();
create trigger statement_search_words_update after update on statement
    referencing new table as new_rows for each statement execute function search_word_collect();
create trigger speaker_search_words_insert after insert on speaker
    referencing new table as new_rows for each statement execute function search_word_collect();
create trigger speaker_search_words_update after update on speaker
    referencing new table as new_rows for each statement execute function search_word_collect();

insert into search_word (word)
select distinct w.word from (
    select search_vector from article
    union all select search_vector from statement
    union all select search_vector from speaker) r
    cross join lateral unnest(tsvector_to_array(r.search_vector)) as w(word)
order by w.word
on conflict do nothing;

-- The words of the vocabulary most similar to one word (trigram similarity, pg_trgm's
-- similarity_threshold, 0.3 by default), as one OR query; null when none is similar or the word is
-- shorter than 3 letters (too few trigrams to tell typos from other words).
create function search_similar_words(input text) returns tsquery
    language plpgsql stable strict parallel safe
as $function$
declare
    result tsquery;
    candidate text;
begin
    if char_length(input) < 3 then
        return null;
    end if;
    for candidate in
        select w.word from search_word w where w.word % input order by w.word <-> input, w.word limit 8
    loop
        -- the word came out of the 'simple' parser, so parsing it again gives the same lexeme(s)
        result := case when result is null then plainto_tsquery('simple', candidate)
                       else result || plainto_tsquery('simple', candidate) end;
    end loop;
    return result;
end
$function$;

-- The similarity query of a search: for every word of the query, one of its similar words (words
-- without any are left out), or a word similar to the whole query with its spaces removed (a space
-- typed inside a word). Null when nothing is similar.
create function search_similar_query(input text) returns tsquery
    language plpgsql stable strict parallel safe
as $function$
declare
    norm text := search_normalize(input);
    words text[] := tsvector_to_array(to_tsvector('simple', norm));
    joined text[] := tsvector_to_array(to_tsvector('simple', replace(norm, ' ', '')));
    result tsquery;
    close_words tsquery;
    word text;
begin
    foreach word in array words loop
        close_words := search_similar_words(word);
        if close_words is not null then
            result := case when result is null then close_words else result && close_words end;
        end if;
    end loop;
    if cardinality(words) > 1 and cardinality(joined) = 1 then
        close_words := search_similar_words(joined[1]);
        if close_words is not null then
            result := case when result is null then close_words else result || close_words end;
        end if;
    end if;
    return result;
end
$function$;
