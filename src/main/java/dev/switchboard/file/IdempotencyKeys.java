package dev.switchboard.file;

import dev.switchboard.domain.InvalidRequestException;

/** The idempotency keys of file rows: given in the row (as the API takes them), or derived from the file. */
final class IdempotencyKeys {

    private static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /**
     * The key of a row without its own: the file's content hash and the row number, so the same bytes
     * dropped again, or picked up again after a crash, map every row to the key it had the first time.
     */
    static String derived(String contentHash, long rowNumber) {
        return "file:" + contentHash + ":" + rowNumber;
    }

    /** A key given in the row must follow the API's rule: 1-255 printable ASCII characters, no spaces. */
    static String given(String key) {
        if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
            throw InvalidRequestException.badRequest("invalid_idempotency_key", "idempotencyKey",
                    "'idempotencyKey' must be 1-" + MAX_LENGTH + " printable ASCII characters without spaces");
        }
        return key;
    }
}
