package dev.switchboard;

/** Names of the exchange properties that carry Switchboard's internal state between route steps. */
public final class Vars {

    /** The {@link dev.switchboard.store.Claim} a dispatch exchange is working on. */
    public static final String CLAIM = "switchboard.claim";

    /** The HTTP status the API answers with. */
    public static final String HTTP_STATUS = "switchboard.httpStatus";

    private Vars() {
    }
}
