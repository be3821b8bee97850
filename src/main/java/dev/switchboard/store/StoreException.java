package dev.switchboard.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** A database failure; {@link #unavailable()} tells a down database from a bad statement. */
public final class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** True when the database could not be reached (connection refused, pool time-out, link lost). */
    public boolean unavailable() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the same statement may pass later: the database unreachable, or a transaction it rolled back
     * (serialization failure, deadlock, lock time-out), short of resources, or shutting down. A bad statement or
     * value (too long, constraint) is not: retrying it would hold its source forever.
     */
    public boolean passing() {
        if (unavailable()) {
            return true;
        }
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("40") || state.startsWith("53") || state.startsWith("57") || state.startsWith("HYT")) {
                    return true;
                }
            }
        }
        return false;
    }
}
