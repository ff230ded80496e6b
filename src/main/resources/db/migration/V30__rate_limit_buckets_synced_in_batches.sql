-- Rate limits (issue 17): partners' and token holders' buckets are kept in each replica's memory;
-- every replica adds what its callers spent to these rows in one statement per sync interval and
-- takes back the shared balance (org.newsroom.quota.RateLimiter). That statement needs each
-- caller's budget beside its balance (the refill rate and the cap), hence the new column.
-- tokens may now be negative: spending beyond the budget (replicas that had not yet heard of each
-- other's) is debt, refilled before the caller is let through again.
alter table rate_limit_bucket add column budget double precision;
-- No longer written by the service (a replica decides from its own bucket); kept so that replicas
-- of the previous version still work during a rolling update.
alter table rate_limit_bucket alter column allowed set default true;
