-- Retries without double sends (docs/retries.md).
-- ambiguous_since: an attempt may have reached Twilio without us learning the outcome (5xx, read time-out,
-- or a claim that expired with no outcome recorded); set to that claim's time, the next claim looks the
-- message up at Twilio before any resend. Written by the failure's own UPDATE or by the next claim: no
-- extra write per send. Cleared when a SID is stored.
ALTER TABLE message ADD COLUMN ambiguous_since TIMESTAMP WITH TIME ZONE;
-- When the stale-status job last fetched this message from Twilio (it fetches at most once per interval).
ALTER TABLE message ADD COLUMN reconciled_at TIMESTAMP WITH TIME ZONE;
