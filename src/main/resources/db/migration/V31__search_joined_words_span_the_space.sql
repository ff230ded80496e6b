-- The similarity fallback also looks for a word typed with a space inside it (مائیکرو سافٹ for
-- مائیکروسافٹ) by joining the query's words. Any vocabulary word similar enough to the joined text
-- was taken, and a frequent word alone is similar enough to itself joined with another word
-- (پاکستان to پاکستانغضنفڑ): a query of a misspelt rare word and a frequent word then matched every
-- row holding the frequent word. A word the space was typed inside is about as long as the words
-- joined, so only vocabulary words at most two letters shorter stand for the joined words now.

create or replace function search_similar_words(input text, shortest integer) returns tsquery
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
        select w.word from search_word w
        where w.word % input and char_length(w.word) >= shortest
        order by w.word <-> input, w.word limit 8
    loop
        result := case when result is null then plainto_tsquery('simple', candidate)
                       else result || plainto_tsquery('simple', candidate) end;
    end loop;
    return result;
end
$function$;

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
            close_words := search_similar_words(joined, char_length(joined) - 2);
            if close_words is not null then
                result := case when result is null then close_words else result || close_words end;
            end if;
        end loop;
    end if;
    return result;
end
$function$;
