-- The facts the dispatch-time consent check reads about one recipient, in one round trip:
-- a row per channel they opted out of, and a row with when they last wrote on WhatsApp (the 24-hour window).
-- Both parameters are the recipient (ConsentLookup.read).
SELECT channel AS opted_out, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS whatsapp_inbound_at
  FROM consent WHERE phone = ? AND state = 'opted_out'
UNION ALL
SELECT CAST(NULL AS VARCHAR(16)), last_inbound_at
  FROM conversation WHERE phone = ? AND channel = 'whatsapp'
