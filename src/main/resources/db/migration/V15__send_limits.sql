-- Issue 15: velocity limits (a sliding window per destination prefix and per country) and the daily segment budget,
-- shared by every instance through the database. A request locks its scopes' rows in limit_scope (created first
-- where missing), counts and records its hits, and writes its message in the same transaction.
CREATE TABLE limit_scope (
    scope   VARCHAR(40) PRIMARY KEY, -- 'prefix:+44770', 'country:GB' or 'day:2026-12-06'
    used    BIGINT NOT NULL          -- segments accepted that day (day scopes only)
);

CREATE TABLE limit_hit (
    scope   VARCHAR(40) NOT NULL,
    hit_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX limit_hit_scope_at ON limit_hit (scope, hit_at);
