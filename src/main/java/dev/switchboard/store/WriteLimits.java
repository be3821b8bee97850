package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Limits checked, and counted, inside the transaction that writes new messages: a refused message is not written
 * and is not counted, and an idempotent replay never reaches them.
 */
public interface WriteLimits {

    /** Refuses nothing and touches nothing. */
    WriteLimits NONE = new WriteLimits() {
        @Override
        public Refusal[] admit(Connection c, List<NewMessage> rows, Instant now) {
            return new Refusal[rows.size()];
        }
    };

    /**
     * Before the writing transaction, on connections of its own: whatever {@link #admit} will lock is created, so the
     * transaction never needs a second connection.
     */
    default void prepare(List<NewMessage> rows) {
    }

    /** For each row in order, {@code null} to write it (it is counted) or why it is refused. */
    Refusal[] admit(Connection c, List<NewMessage> rows, Instant now) throws SQLException;
}
