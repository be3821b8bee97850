package dev.switchboard.wiring;

import dev.switchboard.file.FileInbox;
import dev.switchboard.file.ImportStore;
import dev.switchboard.file.InboxFileFilter;
import dev.switchboard.file.InboxLimits;

import dev.switchboard.api.ImportsApi;
import dev.switchboard.settings.Settings;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.Priority;
import dev.switchboard.submit.SubmitOutcome;
import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Registry;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** Binds the file inbox's beans ({@code routes/file-inbox.camel.yaml}) and the imports API's handlers. */
public final class FileAdapters {

    /** The processor name of the inbox's entries in {@code CAMEL_MESSAGEPROCESSED}. */
    public static final String PROCESSOR_NAME = "file-inbox";

    private FileAdapters() {
    }

    public static void bind(CamelContext context, Settings settings, DataSource dataSource, Clock clock) {
        context.getPropertiesComponent().addPropertiesSource(new InboxDefaults(settings));
        Registry registry = context.getRegistry();
        ImportStore imports = new ImportStore(dataSource, clock);
        int inFlight = Math.max(1, settings.getInt("switchboard.inbox.batches-in-flight", 2));
        // Batches commit on their own threads while the inbox's thread reads the next one (Camel-managed pool).
        ExecutorService committers = context.getExecutorServiceManager()
                .newFixedThreadPool(FileInbox.class, "file-import-commit", inFlight);
        ProducerTemplate producer = context.createProducerTemplate();
        FileInbox.FrontDoor frontDoor = requests -> committers.submit(() -> submitBatch(producer, requests));
        registry.bind("fileInbox", new FileInbox(imports, clock,
                settings.getInt("switchboard.inbox.batch-size", 1000),
                Math.max(1, settings.getLong("switchboard.inbox.log-every", 100_000)),
                inboxLimits(settings), frontDoor, inFlight,
                inboxPriority(settings)));
        // Content hashes of imported files, shared by every instance on this database.
        JdbcMessageIdRepository processed = new JdbcMessageIdRepository(dataSource, PROCESSOR_NAME);
        processed.setCreateTableIfNotExists(false); // Flyway made it (V4__file_imports.sql)
        registry.bind("fileImportRepository", processed);
        registry.bind("importStore", imports);
        registry.bind("importsApi", new ImportsApi(imports));
        registry.bind("inboxFileFilter", new InboxFileFilter());
    }

    /** What the inbox refuses to read, for message files and opt-out lists alike. */
    static InboxLimits inboxLimits(Settings settings) {
        return new InboxLimits(settings.getLong("switchboard.inbox.max-file-bytes", InboxLimits.DEFAULTS.maxFileBytes()),
                settings.getInt("switchboard.inbox.max-record-chars", InboxLimits.DEFAULTS.maxRecordChars()));
    }

    @SuppressWarnings("unchecked") // direct:submit-batch answers List<SubmitOutcome>, one per request
    private static List<SubmitOutcome> submitBatch(ProducerTemplate producer, List<MessageRequest> requests) {
        return producer.requestBody(FileInbox.SUBMIT_BATCH, requests, List.class);
    }

    /** {@code switchboard.inbox.priority}: a dropped file's rows without a priority of their own (default bulk). */
    public static Priority inboxPriority(Settings settings) {
        String value = settings.get("switchboard.inbox.priority", "bulk").trim();
        try {
            return Priority.parse(value);
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException("switchboard.inbox.priority (SWITCHBOARD_INBOX_PRIORITY) must be"
                    + " transactional or bulk, was '" + value + "'", e);
        }
    }

    /** The inbox folder: {@code switchboard.inbox.dir}, or {@code inbox} under the data directory. */
    public static String inboxDir(Settings settings) {
        return settings.get("switchboard.inbox.dir").orElseGet(() -> settings.dataDir().resolve("inbox").toString());
    }

    /** Lets the route's {@code {{switchboard.inbox.dir}}} fall back to the data directory, as {@link #inboxDir} does. */
    private record InboxDefaults(Settings settings) implements PropertiesSource, Ordered {

        @Override
        public String getName() {
            return "switchboard-inbox-defaults";
        }

        @Override
        public String getProperty(String name) {
            return "switchboard.inbox.dir".equals(name) ? inboxDir(settings) : null;
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST + 1; // after the settings themselves
        }
    }
}
