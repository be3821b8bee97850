package dev.switchboard.security;

/**
 * Remembers the {@code I-Twilio-Idempotency-Token} of every webhook handled, so the same delivery (Twilio's retry
 * or a captured request sent again) changes nothing the second time.
 */
public interface ReplayGuard {

    /** Remembers nothing: every delivery counts as new. */
    ReplayGuard NONE = new ReplayGuard() {
        @Override
        public boolean seen(String token) {
            return false;
        }

        @Override
        public void remember(String token) {
            // nothing kept
        }
    };

    /** True when a webhook with this token was handled before. */
    boolean seen(String token);

    /** Records a token once its webhook was handled. */
    void remember(String token);

    /** A handler recorded a token itself, in the transaction that handled its webhook (housekeeping only). */
    default void rememberedInTransaction() {
    }
}
