-- The front page as one SQL statement producing the JSON a client needs (pgbench script): the
-- ceiling for any GraphQL server over this database.
select json_agg(a) from (
    select a.id, a.slug, a.headline, a.language, a.first_published_at,
           (select coalesce(json_agg(s), '[]') from (
                select s.id, s.text, s.kind,
                       json_build_object('id', sp.id, 'latinName', sp.latin_name, 'country', sp.country_code) as speaker
                from statement s join speaker sp on sp.id = s.speaker_id
                where s.article_id = a.id
                order by s.paragraph_position, s.start_offset, s.id
                limit 20) s) as statements
    from article a
    where a.status = 'PUBLISHED'
    order by a.first_published_at desc, a.id desc
    limit 20) a;
