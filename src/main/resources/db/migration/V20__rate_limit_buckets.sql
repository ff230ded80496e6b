-- Rate limits (issue 6): one token bucket per caller, shared by every replica of the service.
-- A request takes its query cost from the bucket in one atomic upsert (org.newsroom.quota.RateLimiter);
-- the bucket refills continuously at its budget per window.
create table rate_limit_bucket (
    -- partner:<id>, the bearer token's subject, or anonymous:<client address>
    caller      text             primary key,
    tokens      double precision not null,
    refilled_at timestamptz      not null,
    -- whether the last request was let through
    allowed     boolean          not null
);
-- For the clean-up of buckets idle for longer than a window (a full bucket is the same as none).
create index rate_limit_bucket_refilled_idx on rate_limit_bucket (refilled_at);
