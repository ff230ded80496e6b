-- Last-Modified of GraphQL GET responses (issue 6) is the newest content change: the newest
-- revision is found with this index in one step instead of a scan of the whole history.
create index article_revision_changed_at_idx on article_revision (changed_at);
