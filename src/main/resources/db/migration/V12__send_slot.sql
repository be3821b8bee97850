-- The database-held send schedule (GCRA): when each sender, and the whole account ('account'), may next
-- send. Claims lock these rows, so any number of instances share one rate budget without talking to each other.
CREATE TABLE send_slot (
    sender_key  VARCHAR(200) PRIMARY KEY,
    next_free   TIMESTAMP WITH TIME ZONE NOT NULL
);
