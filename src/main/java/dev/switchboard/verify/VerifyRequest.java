package dev.switchboard.verify;

/**
 * A verification start ({@code code} null) or check, on its way through the breaker. {@link #toString()}
 * never shows the code: exchanges end up in logs.
 */
record VerifyRequest(String to, String channel, String locale, String code) {

    @Override
    public String toString() {
        return "VerifyRequest[to=" + to + ", channel=" + channel + ", locale=" + locale
                + (code == null ? "" : ", code=***") + "]";
    }
}
