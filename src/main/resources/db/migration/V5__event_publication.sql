-- Cursors of the JMS feeds (transactional outbox over message_event and inbound_message): the last row
-- id each feed has published. The publishing instance holds its feed's row locked during a batch.
CREATE TABLE event_publication (
    feed        VARCHAR(32)  PRIMARY KEY,
    last_id     BIGINT       NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Start at the rows that exist now: history from before this release is not replayed.
INSERT INTO event_publication (feed, last_id, updated_at)
    SELECT 'status-events', COALESCE(MAX(id), 0), CURRENT_TIMESTAMP FROM message_event;
INSERT INTO event_publication (feed, last_id, updated_at)
    SELECT 'inbound-messages', COALESCE(MAX(id), 0), CURRENT_TIMESTAMP FROM inbound_message;
