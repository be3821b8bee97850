-- One applied status change for one of the bench's 1,000 messages, as a status callback writes it (pgbench -R).
\set n random(1, 1000)
INSERT INTO message_event (message_id, status, source, applied, occurred_at)
  VALUES ('msg_BENCH' || lpad(:n::text, 21, '0'), 'delivered', 'bench', TRUE, clock_timestamp());
