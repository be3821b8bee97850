\set n random(1, 1000000000)
INSERT INTO bench_insert (id, channel, to_number, body, segments, encoding, status, source, idempotency_key, fingerprint, next_attempt_at, created_at, updated_at)
VALUES ('b' || :n || '-' || :client_id || '-' || random(), 'sms', '+1415' || (2000000 + :n % 7000000), 'Bench ' || :n, 1, 'GSM-7', 'accepted', 'http', 'k' || :n || '-' || :client_id || '-' || random(), md5(:n::text), now(), now(), now());
