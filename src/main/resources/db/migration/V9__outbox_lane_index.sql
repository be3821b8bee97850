-- The call lane claims `channel = 'voice' AND next_attempt_at <= now ORDER BY next_attempt_at`. With only
-- message_due, PostgreSQL walked every due row of the message lane to find the (rare) due calls: 90 ms per
-- poll with 300,000 SMS waiting, growing with the backlog. With the channel first, both lanes read only
-- what they claim (the message lane still walks message_due in due order, skipping the few calls).
CREATE INDEX message_channel_due ON message (channel, next_attempt_at);
