package dev.switchboard.retention;

import dev.switchboard.settings.Settings;
import dev.switchboard.store.Retention;
import org.apache.camel.builder.RouteBuilder;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code retention}: personal data expires after {@code switchboard.retention.days} (30; 0 keeps everything), checked
 * every {@code switchboard.retention.period-ms} (an hour) and a minute after start. docs/retention.md.
 */
public final class RetentionRoutes extends RouteBuilder {

    private final Settings settings;
    private RetentionJob job;

    public RetentionRoutes(Settings settings) {
        this.settings = settings;
    }

    /** Made at the first run: the data source is bound by then. */
    private synchronized RetentionJob job(int days) {
        if (job == null) {
            Duration keep = Duration.ofDays(days);
            Clock clock = Clock.systemUTC();
            DataSource ds = getContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            Path inbox = Path.of(settings.get("switchboard.inbox.dir", settings.dataDir().resolve("inbox").toString()));
            job = new RetentionJob(new Retention(ds, clock, keep, settings.getInt("switchboard.retention.batch", 1000)),
                    new FileRetention(inbox, clock, keep), days);
        }
        return job;
    }

    @Override
    public void configure() {
        int days = settings.getInt("switchboard.retention.days", 30);
        if (days < 0) {
            throw new IllegalArgumentException("SWITCHBOARD_RETENTION_DAYS must be 0 (keep everything) or more, not " + days);
        }
        if (days == 0) {
            return;
        }
        long period = settings.getLong("switchboard.retention.period-ms", 3_600_000);
        from("timer:retention?period=" + period + "&delay=" + Math.min(period, 60_000))
                .routeId("retention")
                .routeDescription("Erases message bodies and masks numbers older than the retention period, a batch at a time")
                .process(exchange -> job(days).run());
    }
}
