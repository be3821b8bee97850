-- Issue 15: the outbox is claimed per priority, transactional first. Each lane is read on its own in due order,
-- so a bulk backlog of any size is never scanned to reach a transactional message.
CREATE INDEX message_priority_due ON message (priority, next_attempt_at);
