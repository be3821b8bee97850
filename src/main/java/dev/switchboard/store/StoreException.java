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
}
