-- Search terms for the benchmark, taken from the generated corpus so that they find something:
-- single words and two-word phrases of headlines, word prefixes (type-ahead), Urdu words typed
-- with Arabic letters, a few with a letter left out (the similarity fallback), and (issue 21) a
-- headline's most frequent word with its rarest, in both orders, or with its second most frequent.
-- One a line.
\pset format unaligned
\pset tuples_only on
with sample as (
    select a.id, a.language, string_to_array(a.headline, ' ') as words
    from article a
    where a.source_document like 'bench:%' and a.id % 997 = 0
    order by a.id
    limit 120
), terms as (
    select id, 1 as variant, words[2] as term from sample                                   -- a word
    union all select id, 2, words[1] || ' ' || words[2] from sample where id % 2 = 0       -- a phrase
    union all select id, 3, left(words[3], 4) from sample where id % 3 = 0                  -- a prefix
    union all select id, 4, translate(words[4], U&'\06CC\06A9', U&'\064A\0643')             -- Arabic letters
        from sample where language = 'ur'
    union all select id, 5, overlay(words[3] placing '' from 3 for 1)                       -- a typo
        from sample where id % 10 = 0 and char_length(words[3]) > 5
), counted as (                                                                             -- each headline word's articles
    select s.id, w.word, w.position,
           (select count(*) from search_posting p where p.kind = 1 and p.word = search_normalize(w.word)) as postings
    from sample s cross join lateral unnest(s.words) with ordinality w(word, position)
    where s.id % 2 = 0
), extremes as (
    select id,
           (array_agg(word order by postings desc, position))[1] as frequent,
           (array_agg(word order by postings, position))[1] as rare,
           (array_agg(word order by postings desc, position))[2] as second
    from counted group by id
), mixed as (
    select id, 6 as variant, frequent || ' ' || rare as term from extremes where id % 4 = 0 and frequent <> rare  -- frequent + rare
    union all select id, 7, rare || ' ' || frequent from extremes where id % 4 = 0 and frequent <> rare          -- the same swapped
    union all select id, 8, frequent || ' ' || second from extremes where id % 4 = 2 and frequent <> second     -- two frequent
)
select term from (select * from terms union all select * from mixed) t
where term is not null and char_length(term) >= 2 order by id, variant;
