package dev.switchboard.mail;

/** A mail whose envelope sender or From address is not on the allow-list; it is moved, unread, to the rejected folder. */
public final class SenderNotAllowed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SenderNotAllowed(String reason) {
        super(reason);
    }
}
