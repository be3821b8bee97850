package dev.switchboard.jms;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** The rows one feed publishes, read in id order after its cursor. */
public interface FeedSource {

    /** One row: {@code json} is null for a row the feed passes over (it still moves the cursor). */
    record Row(long id, String json, Map<String, Object> headers) {
    }

    /** The feed's cursor row in {@code event_publication}. */
    String name();

    /** Where each row's JSON is sent (a {@code direct:} route that ends at the topic). */
    String endpoint();

    List<Row> read(Connection c, long after, int limit) throws SQLException;
}
