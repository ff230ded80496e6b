-- A deterministic corpus for the search benchmark: :articles published articles (default
-- 200,000) in Urdu, Arabic, English, Hindi and Russian, a statement in every second one, and 2,000
-- speakers. Runs after the service's migrations, so the search columns and indexes are filled as
-- any insert fills them. Words: each language's common words (about a third of the text) and
-- made-up words of three syllables of its script (27,000 per language), skewed so a few are
-- frequent and most are rare, as in real text. Same input, same corpus: no random().
\set ON_ERROR_STOP on
\if :{?articles}
\else
  \set articles 200000
\endif

create temporary table bench_language (n int primary key, tag text, direction text, common text[], syllables text[]);
insert into bench_language values
(0, 'ur', 'RTL',
 array['کے','کی','اور','میں','نے','سے','ہے','کہ','پر','کا','امریکہ','حکومت','صدر','انتخابات','پاکستان','وزیر','اعظم','ہیکرز','مائیکروسافٹ','رپورٹ'],
 array['کا','کی','بر','سر','من','تر','لا','ما','نی','دو','ری','سا','ہا','پو','چل','گر','شا','وز','یا','فر','جا','خا','دا','رو','زی','طا','قا','بے','نے','ٹو']),
(1, 'ar', 'RTL',
 array['في','من','على','إلى','أن','الحكومة','الرئيس','الانتخابات','وزير','مصر','السعودية','الأمم','المتحدة','قال','التي','هذا','عن','مع','كان','الشركة'],
 array['كا','لي','مد','ين','سل','عر','بي','قو','حا','نا','تم','رس','ول','فة','جا','شر','ده','صا','طي','زو','خل','غر','ظا','ثم','ضي','بو','هي','يا','مو','ال']),
(2, 'en', 'LTR',
 array['the','of','and','to','in','government','president','election','minister','said','report','company','security','hackers','campaign','united','nations','market','police','court'],
 array['ka','ter','mon','li','pro','sta','vin','gor','el','ran','tis','bel','dor','cu','mi','fen','sar','lo','pek','tan','ri','vo','zen','ham','qu','bri','dal','nor','wes','ty']),
(3, 'hi', 'LTR',
 array['के','की','और','में','ने','से','है','कि','पर','सरकार','राष्ट्रपति','चुनाव','मंत्री','भारत','प्रधानमंत्री','रिपोर्ट','कंपनी','सुरक्षा','पुलिस','अदालत'],
 array['का','की','रा','मन','तर','सा','ना','दे','वि','जय','कर','पु','ला','मा','ने','सी','धर','गा','हि','शा','बन','रु','टे','भा','पा','ले','यो','चा','लो','खे']),
(4, 'ru', 'LTR',
 array['и','в','не','на','что','с','по','правительство','президент','выборы','министр','россия','заявил','компания','безопасность','хакеры','суд','полиция','рынок','доклад'],
 array['ка','ро','ми','ст','ва','ну','ли','пра','до','се','тр','го','ль','бе','за','но','мо','ти','ра','жи','ко','пе','ху','сл','ды','ве','чу','ша','ле','ны']);

-- A number in [0, 1) from two integers (two rounds of a Lehmer generator): the same on every run.
-- Plain SQL with one expression, so PostgreSQL inlines it.
create function pg_temp.bench_unit(a bigint, b bigint) returns float8 language sql immutable
return (((((a * 7919 + b * 104729) % 2147483647) * 48271 % 2147483647) * 48271) % 2147483647)::float8 / 2147483647;

-- Each language's vocabulary, most frequent first (rank 1..27020): its 20 common words, then the
-- made-up words of three syllables in an order that puts the first syllables first.
create temporary table bench_word (n int, rank int, word text, primary key (n, rank));
insert into bench_word
select n, row_number() over (partition by n order by sort), word
from (select l.n, 0 as sort, c.word
      from bench_language l, unnest(l.common) with ordinality c(word, position)
      union all
      select l.n, 1 + x * y * z * 30000 + x * 900 + y * 30 + z, l.syllables[x] || l.syllables[y] || l.syllables[z]
      from bench_language l, generate_series(1, 30) x, generate_series(1, 30) y, generate_series(1, 30) z) w;
analyze bench_word;

\echo speakers
insert into speaker (kind, name, name_language, latin_name, role, country_code, source_key)
select 'PERSON', w1.word || ' ' || w2.word, l.tag, initcap(e1.word) || ' ' || initcap(e2.word),
       'Official', (array['US','PK','IN','RU','SA','EG','GB','IR','CN','DE'])[1 + i % 10], 'bench:speaker-' || i
from generate_series(1, 2000) i
join bench_language l on l.n = i % 5
join bench_word w1 on w1.n = l.n and w1.rank = 21 + (i * 37) % 27000
join bench_word w2 on w2.n = l.n and w2.rank = 21 + (i * 101) % 27000
join bench_word e1 on e1.n = 2 and e1.rank = 21 + (i * 37) % 27000
join bench_word e2 on e2.n = 2 and e2.rank = 21 + (i * 101) % 27000;

\echo articles
-- Text number i of a language: a third of the words from its 20 common ones, the rest skewed
-- towards the start of the vocabulary (u^3), so a few words are frequent and most are rare.
-- Lateral subqueries (planned once), not functions (planned per call).
insert into article (slug, language, direction, headline, body, status, first_published_at, last_updated_at,
                     source_document)
select 'bench-' || i, l.tag, l.direction, h.text, b1.text || E'\n' || b2.text,
       'PUBLISHED', timestamptz '2015-01-01Z' + i * interval '17 minutes',
       timestamptz '2015-01-01Z' + i * interval '17 minutes', 'bench:article-' || i
from generate_series(1, :articles) i
join bench_language l on l.n = i % 5
cross join lateral (select string_agg((select w.word from bench_word w where w.n = l.n and w.rank = case when pg_temp.bench_unit(i, j) < 0.35 then 1 + floor(20 * pg_temp.bench_unit(j, i) ^ 2)::int else 21 + floor(27000 * pg_temp.bench_unit(i + 11, j) ^ 3)::int end), ' ' order by j) as text
    from generate_series(1, 6 + (i % 5)::int) j) h
cross join lateral (select string_agg((select w.word from bench_word w where w.n = l.n and w.rank = case when pg_temp.bench_unit((i + 500000), j) < 0.35 then 1 + floor(20 * pg_temp.bench_unit(j, (i + 500000)) ^ 2)::int else 21 + floor(27000 * pg_temp.bench_unit((i + 500000) + 11, j) ^ 3)::int end), ' ' order by j) as text
    from generate_series(1, 25 + (i % 30)::int) j) b1
cross join lateral (select string_agg((select w.word from bench_word w where w.n = l.n and w.rank = case when pg_temp.bench_unit((i + 700000), j) < 0.35 then 1 + floor(20 * pg_temp.bench_unit(j, (i + 700000)) ^ 2)::int else 21 + floor(27000 * pg_temp.bench_unit((i + 700000) + 11, j) ^ 3)::int end), ' ' order by j) as text
    from generate_series(1, 20 + (i % 20)::int) j) b2
;

\echo statements
-- the first six words of the first paragraph, said by a speaker of the article's language
insert into statement (article_id, paragraph_position, start_offset, end_offset, text, kind, speaker_id)
select a.id, 1, 0, length(x.quote), x.quote, 'CLAIM',
       (select s.id from speaker s where s.source_key = 'bench:speaker-' || (5 * (1 + a.id % 399) + l.n))
from article a
join bench_language l on l.tag = a.language
cross join lateral (select array_to_string((string_to_array(split_part(a.body, E'\n', 1), ' '))[1:6], ' ') as quote) x
where a.source_document like 'bench:%' and a.id % 2 = 0;

vacuum analyze;
