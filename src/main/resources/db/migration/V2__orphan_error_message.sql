-- A failed callback that overtook its SID keeps its error text for when it is applied.
ALTER TABLE callback_orphan ADD COLUMN error_message VARCHAR(1024);
