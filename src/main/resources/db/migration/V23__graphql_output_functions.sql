-- What the compiled read path (org.newsroom.compiled) needs to print values in SQL exactly as the
-- GraphQL interpreter prints them in Java. Pure functions of their arguments, inlined by the planner.

-- URL-safe base64 without padding or line breaks (java.util.Base64.getUrlEncoder().withoutPadding()).
create function graphql_base64url(value text) returns text
    language sql immutable strict parallel safe
    return translate(encode(convert_to(value, 'UTF8'), 'base64'), E'+/=\n', '-_');

-- A global ID (org.newsroom.graphql.GlobalId): "Type:key", URL-safe base64.
create function graphql_global_id(type text, key text) returns text
    language sql immutable strict parallel safe
    return graphql_base64url(type || ':' || key);

-- A DateTime as java.time.Instant prints it (ISO_INSTANT in UTC): seconds always, a fraction only
-- when there is one, in groups of three digits. Whole seconds (most times) take the JSON output of
-- a timestamp, which is that format without the zone and costs a quarter of to_char. Stable, not
-- immutable: to_char is.
create function graphql_date_time(value timestamptz) returns text
    language sql stable strict parallel safe
    return case
        when date_trunc('second', value at time zone 'UTC') = value at time zone 'UTC'
            then (to_json(value at time zone 'UTC') #>> '{}') || 'Z'
        else to_char(value at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
            || case
                when date_trunc('milliseconds', value at time zone 'UTC') = value at time zone 'UTC'
                    then to_char(value at time zone 'UTC', '.MS')
                else to_char(value at time zone 'UTC', '.US')
            end
            || 'Z'
    end;
