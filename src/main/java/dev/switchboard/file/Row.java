package dev.switchboard.file;

import dev.switchboard.domain.MessageRequest;

import java.util.List;

/**
 * One row of a dropped file: its number (from 1; in a CSV file the first row after the header), the
 * request it maps to or the error code and reason why it cannot be sent, and its cells as read.
 */
record Row(long number, MessageRequest request, String code, String reason, List<String> cells) {

    static Row ok(long number, MessageRequest request, List<String> cells) {
        return new Row(number, request, null, null, cells);
    }

    static Row refused(long number, String code, String reason, List<String> cells) {
        return new Row(number, null, code, reason, cells);
    }
}
