package dev.switchboard.store;

import java.security.SecureRandom;
import java.util.Arrays;

/** Message ids that sort by creation time ({@code msg_} + a ULID), so "newest first" is "highest id first". */
public final class Ids {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** The smallest id a message created at {@code epochMillis} or later can have: a lower bound for range scans. */
    public static String lowestIdAt(long epochMillis) {
        char[] out = new char[26];
        Arrays.fill(out, '0');
        long time = Math.max(0, epochMillis);
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        return "msg_" + new String(out);
    }

    public static String newMessageId(long epochMillis) {
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xff);
            lo = (lo << 8) | (random[i + 5] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = CROCKFORD[(int) (lo & 31)];
            lo >>>= 5;
        }
        return "msg_" + new String(out);
    }
}
