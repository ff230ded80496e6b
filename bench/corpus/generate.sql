-- Deterministic benchmark corpus for the newsroom schema (run after the service's own Flyway
-- migrations, on an otherwise empty database apart from the seed article).
--
--   200,000 published articles in eight languages and five scripts (Urdu and Arabic right to left),
--   5 to 12 paragraphs each, paragraphs separated by '\n', about 3,000 characters a body;
--   1,000,000 statements, each a whole sentence of its paragraph, so that
--   substr(paragraph, start + 1, end - start) = text (all characters are in the BMP, so
--   PostgreSQL characters and UTF-16 code units count alike);
--   20,000 speakers; statement_country (1 or 2 countries a statement, a fifth of them from 20
--   often-reported countries) and article_country (the countries of the article's statements).
--
-- Pseudo-random choices come from random() after setseed() in one session with parallel query
-- off, so every run produces the same rows. Generated ids start above 1,000,000 so they never
-- collide with the seed article's rows.
\set ON_ERROR_STOP on
\timing off
-- Sizes (psql -v articles=N ... for a small corpus to try the benchmark out; bench/run.sh passes
-- BENCH_ARTICLES): statements five and speakers a tenth of the articles by default.
\ir sizes.sql
set max_parallel_workers_per_gather = 0;
set synchronous_commit = off;
set work_mem = '256MB';
set maintenance_work_mem = '512MB';
-- Working tables live in their own schema, dropped at the end.
drop schema if exists bench_gen cascade;
create schema bench_gen;
set search_path = bench_gen, public;
select setseed(0.20261130);

-- ------------------------------------------------------------------------------------------
-- Vocabulary per language: words, how words and sentences join, the full stop, and names.
-- ------------------------------------------------------------------------------------------
create unlogged table lang (
    code text primary key, weight int, direction text, joiner text, stop text,
    words text[], first_native text[], first_latin text[], last_native text[], last_latin text[]
);
insert into lang values
('en', 30, 'LTR', ' ', '.',
 '{government,minister,said,the,talks,election,parliament,border,trade,agreement,security,report,officials,on,
   in,with,after,before,week,crisis,economy,prices,rise,fall,new,plan,court,ruling,vote,campaign,talks,
   military,aid,water,energy,health,schools,farmers,protest,city,capital,president,spokesperson,warned}',
 '{James,Mary,Robert,Linda,Michael,Sarah,David,Emma,John,Grace}', '{James,Mary,Robert,Linda,Michael,Sarah,David,Emma,John,Grace}',
 '{Smith,Johnson,Brown,Taylor,Wilson,Clarke,Hughes,Walker,Wright,Green}', '{Smith,Johnson,Brown,Taylor,Wilson,Clarke,Hughes,Walker,Wright,Green}'),
('ur', 15, 'RTL', ' ', '۔',
 '{حکومت,وزیر,نے,کہا,کہ,مذاکرات,انتخابات,پارلیمنٹ,سرحد,تجارت,معاہدہ,سلامتی,رپورٹ,حکام,میں,کے,ساتھ,بعد,
   ہفتے,بحران,معیشت,قیمتیں,اضافہ,کمی,نیا,منصوبہ,عدالت,فیصلہ,ووٹ,مہم,فوج,امداد,پانی,توانائی,صحت,اسکول,
   کسان,احتجاج,شہر,دارالحکومت,صدر,ترجمان}',
 '{احمد,فاطمہ,علی,عائشہ,عمران,زینب,حسن,مریم,بلال,سارہ}', '{Ahmed,Fatima,Ali,Ayesha,Imran,Zainab,Hassan,Maryam,Bilal,Sara}',
 '{خان,قریشی,ملک,چوہدری,شیخ,بٹ,رضا,حسین,اقبال,صدیقی}', '{Khan,Qureshi,Malik,Chaudhry,Sheikh,Butt,Raza,Hussain,Iqbal,Siddiqui}'),
('ar', 10, 'RTL', ' ', '.',
 '{الحكومة,الوزير,قال,إن,المحادثات,الانتخابات,البرلمان,الحدود,التجارة,الاتفاق,الأمن,التقرير,المسؤولون,في,
   مع,بعد,قبل,الأسبوع,الأزمة,الاقتصاد,الأسعار,ارتفاع,انخفاض,جديد,خطة,المحكمة,الحكم,التصويت,الحملة,الجيش,
   المساعدات,المياه,الطاقة,الصحة,المدارس,المزارعون,احتجاج,المدينة,العاصمة,الرئيس,المتحدث}',
 '{محمد,فاطمة,أحمد,ليلى,خالد,نور,يوسف,سلمى,عمر,هدى}', '{Mohammed,Fatima,Ahmed,Layla,Khaled,Nour,Youssef,Salma,Omar,Huda}',
 '{الحسن,العلي,المصري,الخطيب,النجار,حداد,سالم,العمر,الشامي,يوسف}', '{Al-Hassan,Al-Ali,Al-Masri,Al-Khatib,Al-Najjar,Haddad,Salem,Al-Omar,Al-Shami,Youssef}'),
('fr', 10, 'LTR', ' ', '.',
 '{gouvernement,ministre,a,déclaré,que,les,négociations,élections,parlement,frontière,commerce,accord,sécurité,
   rapport,responsables,dans,avec,après,avant,semaine,crise,économie,prix,hausse,baisse,nouveau,plan,tribunal,
   décision,vote,campagne,armée,aide,eau,énergie,santé,écoles,agriculteurs,manifestation,ville,capitale,président}',
 '{Jean,Marie,Pierre,Claire,Louis,Sophie,Paul,Camille,Luc,Élise}', '{Jean,Marie,Pierre,Claire,Louis,Sophie,Paul,Camille,Luc,Élise}',
 '{Martin,Bernard,Dubois,Durand,Lefèvre,Moreau,Laurent,Girard,Roux,Fournier}', '{Martin,Bernard,Dubois,Durand,Lefèvre,Moreau,Laurent,Girard,Roux,Fournier}'),
('es', 10, 'LTR', ' ', '.',
 '{gobierno,ministro,dijo,que,las,negociaciones,elecciones,parlamento,frontera,comercio,acuerdo,seguridad,informe,
   funcionarios,en,con,después,antes,semana,crisis,economía,precios,subida,bajada,nuevo,plan,tribunal,fallo,
   votación,campaña,ejército,ayuda,agua,energía,salud,escuelas,agricultores,protesta,ciudad,capital,presidente}',
 '{José,María,Carlos,Lucía,Javier,Carmen,Miguel,Elena,Pablo,Sofía}', '{José,María,Carlos,Lucía,Javier,Carmen,Miguel,Elena,Pablo,Sofía}',
 '{García,Martínez,López,Sánchez,Pérez,Gómez,Ruiz,Díaz,Moreno,Torres}', '{García,Martínez,López,Sánchez,Pérez,Gómez,Ruiz,Díaz,Moreno,Torres}'),
('ru', 10, 'LTR', ' ', '.',
 '{правительство,министр,заявил,что,переговоры,выборы,парламент,граница,торговля,соглашение,безопасность,доклад,
   чиновники,в,с,после,до,неделя,кризис,экономика,цены,рост,снижение,новый,план,суд,решение,голосование,кампания,
   армия,помощь,вода,энергия,здоровье,школы,фермеры,протест,город,столица,президент}',
 '{Иван,Мария,Алексей,Ольга,Дмитрий,Анна,Сергей,Елена,Николай,Татьяна}', '{Ivan,Maria,Aleksei,Olga,Dmitry,Anna,Sergei,Elena,Nikolai,Tatiana}',
 '{Иванов,Петрова,Смирнов,Кузнецова,Попов,Соколова,Лебедев,Козлова,Новиков,Морозова}', '{Ivanov,Petrova,Smirnov,Kuznetsova,Popov,Sokolova,Lebedev,Kozlova,Novikov,Morozova}'),
('hi', 8, 'LTR', ' ', '।',
 '{सरकार,मंत्री,ने,कहा,कि,वार्ता,चुनाव,संसद,सीमा,व्यापार,समझौता,सुरक्षा,रिपोर्ट,अधिकारी,में,के,साथ,बाद,पहले,
   सप्ताह,संकट,अर्थव्यवस्था,कीमतें,वृद्धि,गिरावट,नई,योजना,अदालत,फैसला,मतदान,अभियान,सेना,सहायता,पानी,ऊर्जा,
   स्वास्थ्य,स्कूल,किसान,विरोध,शहर,राजधानी,राष्ट्रपति}',
 '{राहुल,प्रिया,अमित,अंजलि,विकास,पूजा,सुनील,नेहा,राजेश,कविता}', '{Rahul,Priya,Amit,Anjali,Vikas,Pooja,Sunil,Neha,Rajesh,Kavita}',
 '{शर्मा,वर्मा,गुप्ता,सिंह,पटेल,मेहता,जोशी,अग्रवाल,यादव,मिश्रा}', '{Sharma,Verma,Gupta,Singh,Patel,Mehta,Joshi,Agarwal,Yadav,Mishra}'),
('zh', 7, 'LTR', '', '。',
 '{政府,部长,表示,谈判,选举,议会,边境,贸易,协议,安全,报告,官员,在,与,之后,之前,本周,危机,经济,价格,上涨,
   下降,新的,计划,法院,裁决,投票,竞选,军队,援助,水,能源,卫生,学校,农民,抗议,城市,首都,总统,发言人}',
 '{伟,芳,娜,敏,静,磊,洋,艳,勇,军}', '{Wei,Fang,Na,Min,Jing,Lei,Yang,Yan,Yong,Jun}',
 '{王,李,张,刘,陈,杨,黄,赵,吴,周}', '{Wang,Li,Zhang,Liu,Chen,Yang,Huang,Zhao,Wu,Zhou}');

-- A language drawn with the weights above: 100 slots.
create unlogged table lang_slot as
select row_number() over (order by l.code, g) as slot, l.code
from lang l, generate_series(1, l.weight) g;

-- ------------------------------------------------------------------------------------------
-- A pool of 2,500 paragraphs per language, each 3 to 6 sentences of 7 to 18 words.
-- ------------------------------------------------------------------------------------------
create unlogged table pool_sentence as
select l.code as lang, p, k,
       -- (w * 0 ties the aggregate to the inner query, so it runs once a sentence)
       (select string_agg(l.words[1 + w * 0 + floor(random() * array_length(l.words, 1))::int], l.joiner)
          from generate_series(1, 7 + ((p * 7 + k * 3) % 12)) w) as words
from lang l, generate_series(1, 2500) p, generate_series(1, 6) k
where k <= 3 + (p % 4);
update pool_sentence set words = upper(left(words, 1)) || substr(words, 2) || (select stop from lang where code = lang);

create unlogged table pool_paragraph as
with s as (
    select ps.lang, ps.p, ps.k, ps.words, length(ps.words) as len,
           case when ps.lang = 'zh' then 0 else 1 end as sep
    from pool_sentence ps
), o as (
    select s.*, sum(len + sep) over (partition by lang, p order by k) - (len + sep) as start
    from s
)
select lang, p,
       string_agg(words, case when lang = 'zh' then '' else ' ' end order by k) as text,
       array_agg(start::int order by k) as starts,
       array_agg((start + len)::int order by k) as ends,
       count(*)::int as sentences
from o group by lang, p;
alter table pool_paragraph add primary key (lang, p);

-- ------------------------------------------------------------------------------------------
-- Speakers.
-- ------------------------------------------------------------------------------------------
create unlogged table major(code text primary key);
insert into major values ('US'),('CN'),('RU'),('PK'),('IN'),('IR'),('GB'),('FR'),('DE'),('UA'),
                         ('IL'),('PS'),('SA'),('TR'),('EG'),('AF'),('JP'),('BR'),('MX'),('ES');
create unlogged table country_pick as
select row_number() over (order by alpha2) as n, alpha2 from country;
create unlogged table major_pick as
select row_number() over (order by code) as n, code from major;

-- (random() only ever in a plain scan of generate_series: a join could rescan it and draw again)
create unlogged table gen_speaker as
select 1000000 + g as id, g, 1 + floor(random() * 100)::int as lang_slot, null::text as lang,
       1 + floor(random() * 10)::int as fi, 1 + floor(random() * 10)::int as li,
       random() as r_kind, random() as r_country, random() as r_major, random() as r_qid
from generate_series(1, :speakers) g;
update gen_speaker s set lang = ls.code from lang_slot ls where ls.slot = s.lang_slot;

insert into speaker (id, kind, name, name_language, latin_name, role, affiliation, country_code, wikidata_qid)
overriding system value
select s.id,
       case when s.r_kind < 0.85 then 'PERSON' else 'ORGANISATION' end,
       case when s.r_kind < 0.85 then l.first_native[s.fi] || ' ' || l.last_native[s.li]
            else l.words[1 + s.g % array_length(l.words, 1)] || ' ' || l.last_native[s.li] end,
       s.lang,
       case when s.r_kind < 0.85 then l.first_latin[s.fi] || ' ' || l.last_latin[s.li]
            else 'Office of ' || l.last_latin[s.li] end,
       (array['Minister of Foreign Affairs', 'Spokesperson', 'Senator', 'Mayor', 'Economist',
              'Army chief', 'Opposition leader', 'Prime Minister', 'Analyst', null])[1 + s.g % 10],
       (array['Ministry of Finance', 'Central Bank', 'Parliament', null, 'United Nations', null])[1 + s.g % 6],
       case when s.r_country < 0.2 then null
            when s.r_major < 0.5 then (select code from major_pick where n = 1 + (s.g % 20))
            else (select alpha2 from country_pick where n = 1 + (s.g * 7919) % (select count(*) from country_pick)) end,
       case when s.r_qid < 0.3 then 'Q' || (100000 + s.g) end
from gen_speaker s join lang l on l.code = s.lang;

-- ------------------------------------------------------------------------------------------
-- Articles: bodies from pool paragraphs, newest last (7 minutes apart, with a jitter).
-- ------------------------------------------------------------------------------------------
create unlogged table gen_article as
select 1000000 + n as id, n, 1 + floor(random() * 100)::int as lang_slot, null::text as lang,
       5 + floor(random() * 8)::int as paragraphs,
       1 + floor(random() * 2500)::int as headline_p,
       floor(random() * 300)::int as jitter,
       random() as r_source
from generate_series(1, :articles) n;
update gen_article a set lang = ls.code from lang_slot ls where ls.slot = a.lang_slot;
alter table gen_article add primary key (id);

create unlogged table gen_paragraph as
select a.id as article_id, a.lang, pos, 1 + floor(random() * 2500)::int as p
from gen_article a, generate_series(1, 12) pos
where pos <= a.paragraphs;
alter table gen_paragraph add primary key (article_id, pos);

insert into article (id, slug, language, direction, headline, body, status, first_published_at,
                     last_updated_at, attribution_source)
overriding system value
select a.id,
       a.lang || '-' || (array['talks', 'election', 'border', 'trade', 'budget', 'court', 'energy', 'water',
                               'health', 'protest', 'summit', 'floods'])[1 + a.n % 12] || '-' || a.n,
       a.lang, l.direction,
       rtrim(h.words, l.stop),
       b.body,
       'PUBLISHED',
       timestamptz '2023-01-01 00:00:00+00' + a.n * interval '7 minutes' + a.jitter * interval '1 second',
       timestamptz '2023-01-01 00:00:00+00' + a.n * interval '7 minutes' + (a.jitter + 3600) * interval '1 second',
       case when a.r_source < 0.4 then (array['Reuters', 'AP', 'AFP', 'Dawn', 'Al Jazeera'])[1 + a.n % 5] end
from gen_article a
join lang l on l.code = a.lang
join pool_sentence h on h.lang = a.lang and h.p = a.headline_p and h.k = 1
join lateral (
    select string_agg(pp.text, E'\n' order by gp.pos) as body
    from gen_paragraph gp join pool_paragraph pp on pp.lang = gp.lang and pp.p = gp.p
    where gp.article_id = a.id
) b on true
order by a.id;

-- ------------------------------------------------------------------------------------------
-- Statements: 3 per article, then the rest (400,000 of the default 1,000,000) in random articles; each quotes one whole
-- sentence. A few spare candidates cover the rare duplicate of the unique key.
-- ------------------------------------------------------------------------------------------
create unlogged table gen_statement as
select g,
       case when g <= 3 * :articles then 1000000 + 1 + (g - 1) % :articles
            else 1000000 + 1 + floor(random() * :articles)::int end as article_id,
       random() as r_par, random() as r_sentence,
       1000000 + 1 + floor(power(random(), 1.5) * :speakers)::int as speaker_id,
       (array['CLAIM', 'CLAIM', 'CLAIM', 'WARNING', 'ASSESSMENT', 'ASSESSMENT', 'CONFIRMATION', 'DENIAL',
              'NO_ANSWER', 'PREDICTION', 'PROMISE', 'QUESTION'])[1 + floor(random() * 12)::int] as kind,
       random() as r_via
from generate_series(1, :statements + 100) g;

create unlogged table picked_statement as
select g, s.article_id, ppos.pos, s.speaker_id, s.kind, s.r_via,
       pp.starts[k] as start_offset, pp.ends[k] as end_offset,
       substr(pp.text, pp.starts[k] + 1, pp.ends[k] - pp.starts[k]) as text
from gen_statement s
join gen_article a on a.id = s.article_id
cross join lateral (select 1 + floor(s.r_par * a.paragraphs)::int as pos) ppos
join gen_paragraph gp on gp.article_id = s.article_id and gp.pos = ppos.pos
join pool_paragraph pp on pp.lang = gp.lang and pp.p = gp.p
cross join lateral (select 1 + floor(s.r_sentence * pp.sentences)::int as k) kk;

insert into statement (id, article_id, paragraph_position, start_offset, end_offset, text, kind, speaker_id,
                       reported_via)
overriding system value
select 1000000 + row_number() over (order by g), article_id, pos, start_offset, end_offset, text, kind,
       speaker_id, case when r_via < 0.1 then 'Reuters' end
from (
    select distinct on (article_id, pos, start_offset, end_offset, speaker_id) *
    from picked_statement
    order by article_id, pos, start_offset, end_offset, speaker_id, g
) d
order by g
limit :statements;

-- ------------------------------------------------------------------------------------------
-- Countries: 1 or 2 a statement (half from the 20 often-reported ones), and an article concerns
-- the countries of its statements.
-- ------------------------------------------------------------------------------------------
create unlogged table statement_pick as
select s.id, c.i, random() as r_major, random() as r_any, random() as r_second
from statement s, generate_series(1, 2) c(i)
where s.id > 1000000;

insert into statement_country (statement_id, country_code)
select distinct p.id, coalesce(m.code, c.alpha2)
from statement_pick p
left join major_pick m on p.r_major < 0.5 and m.n = 1 + floor(p.r_any * 20)::int
left join country_pick c on p.r_major >= 0.5
     and c.n = 1 + floor(p.r_any * (select count(*) from country_pick))::int
where p.i = 1 or p.r_second < 0.3;

insert into article_country (article_id, country_code)
select distinct s.article_id, sc.country_code
from statement s join statement_country sc on sc.statement_id = s.id
where s.id > 1000000;

select setval(pg_get_serial_sequence('article', 'id'), (select max(id) from article));
select setval(pg_get_serial_sequence('speaker', 'id'), (select max(id) from speaker));
select setval(pg_get_serial_sequence('statement', 'id'), (select max(id) from statement));

drop schema bench_gen cascade;
