package dev.switchboard.file;

/** A dropped file that cannot be imported at all (binary, not UTF-8, no usable header): it goes to failed/. */
public final class UnreadableFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnreadableFileException(String reason) {
        super(reason);
    }

    public UnreadableFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
