-- I-Twilio-Idempotency-Token of every webhook handled (as SHA-256 hex), so a replay changes nothing.
-- Rows older than the retention (two days; Twilio retries within minutes) are deleted as new ones arrive.
CREATE TABLE webhook_token (
    token_hash  VARCHAR(64)  PRIMARY KEY,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX webhook_token_seen_at ON webhook_token (seen_at);
