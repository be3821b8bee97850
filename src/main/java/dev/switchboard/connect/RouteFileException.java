package dev.switchboard.connect;

/**
 * A route file Switchboard refuses, or a component it cannot load: one line that names the file and line and says
 * what to do, printed instead of a stack trace.
 */
public final class RouteFileException extends RuntimeException {

    public RouteFileException(String message) {
        super(message, null, false, false);
    }

    public RouteFileException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
