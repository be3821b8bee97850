package dev.switchboard.file;

import dev.switchboard.domain.MessageRequest;

import java.util.ArrayList;
import java.util.List;

/** Consecutive rows of a file committed together; {@link #requests()} are those that mapped to a request. */
record RowBatch(List<Row> rows) {

    /** What the batch front door takes: the requests of the well-formed rows, in row order. */
    List<MessageRequest> requests() {
        List<MessageRequest> requests = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.request() != null) {
                requests.add(row.request());
            }
        }
        return requests;
    }
}
