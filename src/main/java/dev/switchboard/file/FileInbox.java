package dev.switchboard.file;

import dev.switchboard.domain.MessageRequest;
import dev.switchboard.domain.Priority;
import dev.switchboard.store.StoreException;
import dev.switchboard.submit.SubmitOutcome;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The steps of {@code routes/file-inbox.camel.yaml}: inspect a dropped file, stream its rows in batches
 * to the batch front door, count what became of each, and record the outcome ({@code file_import}).
 */
public final class FileInbox {

    /** Exchange property: the {@link Inspection} of the file being imported. */
    public static final String INSPECTION = "switchboard.file.inspection";
    /** Exchange property: the file's SHA-256, the key of the processed-files repository. */
    public static final String CONTENT_HASH = "switchboard.file.contentHash";
    /** Exchange property: the folder the file is moved to when the exchange completes ({@code done} or {@code failed}). */
    public static final String DESTINATION = "switchboard.file.destination";
    /** Exchange property: the {@link ImportRun} under way. */
    public static final String RUN = "switchboard.file.run";
    /** The front door for a batch of requests: {@code List<MessageRequest>} in, {@code List<SubmitOutcome>} out. */
    public static final String SUBMIT_BATCH = "direct:submit-batch";

    private static final Logger LOG = LoggerFactory.getLogger(FileInbox.class);

    private final ImportStore imports;
    private final Clock clock;
    private final int batchSize;
    private final long logEvery;
    private final InboxLimits limits;
    private final FrontDoor frontDoor;
    private final int inFlight;
    private final Priority defaultPriority;

    /**
     * @param limits    file size and record length beyond which a file is quarantined
     * @param frontDoor commits one batch (the route {@value #SUBMIT_BATCH}); called from {@code committers}
     * @param inFlight  how many batches may be committing at once (1 = one after the other)
     */
    public FileInbox(ImportStore imports, Clock clock, int batchSize, long logEvery, InboxLimits limits,
                     FrontDoor frontDoor, int inFlight) {
        this(imports, clock, batchSize, logEvery, limits, frontDoor, inFlight, Priority.BULK);
    }

    /** @param defaultPriority a row's priority when it has none of its own ({@code switchboard.inbox.priority}) */
    public FileInbox(ImportStore imports, Clock clock, int batchSize, long logEvery, InboxLimits limits,
                     FrontDoor frontDoor, int inFlight, Priority defaultPriority) {
        this.defaultPriority = defaultPriority;
        this.imports = imports;
        this.clock = clock;
        this.batchSize = batchSize;
        this.logEvery = logEvery;
        this.limits = limits;
        this.frontDoor = frontDoor;
        this.inFlight = Math.max(1, inFlight);
    }

    /** Hands a batch's requests to the front door and answers, asynchronously, with their outcomes in order. */
    @FunctionalInterface
    public interface FrontDoor {
        Future<List<SubmitOutcome>> submit(List<MessageRequest> requests);
    }

    static Path failedDir(Inspection file) {
        return file.file().getParent().resolve("failed");
    }

    /** First pass: hash, UTF-8 and header checks, row count. Throws {@link UnreadableFileException}. */
    public void inspect(Exchange exchange) throws IOException {
        imports.ping(); // while the database is down, fail before reading a large file over and over
        exchange.setProperty(DESTINATION, "done");
        Path file = exchange.getMessage().getBody(File.class).toPath();
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Instant takenAt = clock.instant();
        exchange.setProperty(INSPECTION, new Inspection(file, name, FileFormat.of(name), takenAt));
        Inspection inspection = Inspector.inspect(file, name, takenAt, limits);
        // The one handle both passes read, closed however the exchange ends (before or after the file is moved).
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    inspection.handle().close();
                } catch (IOException e) {
                    LOG.debug("Closing {}: {}", name, e.toString());
                }
            }
        });
        exchange.setProperty(INSPECTION, inspection);
        exchange.setProperty(CONTENT_HASH, inspection.contentHash());
    }

    /** The same bytes were imported before: nothing is sent again; the file goes to done/. */
    public void skip(Exchange exchange) {
        Inspection file = inspection(exchange);
        String reason = imports.latestDone(file.contentHash())
                .map(earlier -> "same content as import " + earlier.id() + " (" + earlier.name() + ")")
                .orElse("same content as an earlier import");
        imports.record(file.name(), file.contentHash(), file.format().wireName(), FileImport.SKIPPED, reason);
        LOG.info("Import {} skipped: {}", file.name(), reason);
    }

    public void begin(Exchange exchange) {
        Inspection file = inspection(exchange);
        long id = imports.begin(file.name(), file.contentHash(), file.format().wireName(), file.totalRows(),
                file.takenAt());
        exchange.setProperty(RUN, new ImportRun(file, id, logEvery, clock, defaultPriority));
        LOG.info("Import {} started: {} rows, sha256 {}", file.name(), file.totalRows(), file.contentHash());
    }

    /**
     * Second pass: streams the file's rows to the front door in batches of {@code batchSize}. While up to
     * {@code inFlight} batches commit (each in its own transaction), this thread reads and maps the next
     * one; outcomes are counted, refused rows listed and progress recorded strictly in file order. On a
     * failure the batches already handed over are let finish (committed rows answer as duplicates when the
     * file is tried again) and the first failure is thrown.
     */
    public void importRows(Exchange exchange) throws Exception {
        ImportRun run = run(exchange);
        Files.deleteIfExists(failedDir(run.file()).resolve(run.file().name() + ".errors.csv")); // from an earlier attempt
        Iterator<RowBatch> batches = run.batches(batchSize);
        Deque<Submitted> pending = new ArrayDeque<>(inFlight);
        try {
            while (batches.hasNext()) {
                RowBatch batch = batches.next();
                pending.add(new Submitted(batch, frontDoor.submit(batch.requests())));
                if (pending.size() >= inFlight) {
                    settle(run, pending.poll());
                }
            }
            while (!pending.isEmpty()) {
                settle(run, pending.poll());
            }
        } catch (Exception e) {
            for (Submitted left : pending) {
                try {
                    left.outcomes().get();
                } catch (ExecutionException ignored) {
                    // the first failure is the one reported
                }
            }
            throw e;
        }
    }

    private record Submitted(RowBatch batch, Future<List<SubmitOutcome>> outcomes) {
    }

    /** Waits for a batch's commit, then counts its outcomes, lists its refused rows and records the progress. */
    private void settle(ImportRun run, Submitted submitted) throws Exception {
        List<SubmitOutcome> outcomes;
        try {
            outcomes = submitted.outcomes().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        run.tally(submitted.batch(), outcomes);
        imports.progress(run.id(), run.counts());
    }

    public void finish(Exchange exchange) throws IOException {
        ImportRun run = run(exchange);
        run.verifyUnchanged();
        run.close();
        imports.finish(run.id(), run.counts(), FileImport.DONE, run.errorsNote());
        LOG.info("Import {} done: {}{}", run.file().name(), run.summary(),
                run.errorsNote() == null ? "" : "; " + run.errorsNote());
    }

    /** A file that cannot be read at all goes to failed/ with {@code <file>.reason.txt}; nothing of it was sent. */
    public void quarantine(Exchange exchange) throws IOException {
        Inspection file = inspection(exchange);
        String reason = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage();
        ImportRun run = exchange.getProperty(RUN, ImportRun.class);
        if (run == null) {
            imports.record(file.name(), file.contentHash(), file.format().wireName(), FileImport.FAILED, reason);
        } else {
            run.close();
            imports.finish(run.id(), run.counts(), FileImport.FAILED, reason);
        }
        Path failed = failedDir(file);
        Files.createDirectories(failed);
        Files.writeString(failed.resolve(file.name() + ".reason.txt"), reason + System.lineSeparator(),
                StandardCharsets.UTF_8);
        exchange.setProperty(DESTINATION, "failed");
        LOG.warn("Import {} failed, moved to failed/: {}", file.name(), reason);
    }

    /** Any other failure (the database is down): the file stays in the inbox and is tried again. */
    public void abandon(Exchange exchange) throws IOException {
        ImportRun run = exchange.getProperty(RUN, ImportRun.class);
        if (run != null) {
            run.close();
        }
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY);
        if (databaseDown(cause)) {
            LOG.warn("Import {} waits: the database is unreachable ({}); the file stays in the inbox and rows"
                    + " already committed will count as duplicates on the next try", name, rootMessage(cause));
        } else {
            LOG.error("Import {} failed; the file stays in the inbox for another try", name, cause);
        }
    }

    private static boolean databaseDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreException store && store.unavailable()
                    || t instanceof SQLTransientConnectionException
                    || t instanceof DataAccessResourceFailureException) { // the processed-files repository's
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static Inspection inspection(Exchange exchange) {
        return exchange.getProperty(INSPECTION, Inspection.class);
    }

    private static ImportRun run(Exchange exchange) {
        return exchange.getProperty(RUN, ImportRun.class);
    }
}
