-- Issue 17: personal data expires after SWITCHBOARD_RETENTION_DAYS (docs/retention.md). How far each table's erasure
-- has come: every row up to last_id is done (or was never old enough to wait for), so a run starts where the last ended.
CREATE TABLE retention_cursor (
    name     VARCHAR(40) PRIMARY KEY,
    last_id  VARCHAR(64) NOT NULL
);
