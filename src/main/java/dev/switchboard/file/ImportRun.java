package dev.switchboard.file;

import dev.switchboard.domain.Priority;
import dev.switchboard.submit.SubmitOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** One file's import under way: its open rows, its counts, its errors file, and the progress log. */
final class ImportRun implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

    private final Inspection file;
    private final long id;
    private final long logEvery;
    private final Clock clock;
    private RowSource source;
    private ErrorsFile errors;
    private long rows;
    private long accepted;
    private long rejected;
    private long duplicates;
    private long nextLog;
    private final Priority defaultPriority;

    ImportRun(Inspection file, long id, long logEvery, Clock clock, Priority defaultPriority) {
        this.defaultPriority = defaultPriority;
        this.file = file;
        this.clock = clock;
        this.id = id;
        this.logEvery = logEvery;
        this.nextLog = logEvery;
    }

    long id() {
        return id;
    }

    Inspection file() {
        return file;
    }

    /** Opens the file for its second pass, as batches of up to {@code size} rows. */
    Iterator<RowBatch> batches(int size) throws IOException {
        source = RowSource.open(file, clock, defaultPriority);
        errors = new ErrorsFile(FileInbox.failedDir(file).resolve(file.name() + ".errors.csv"), source.columns());
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public RowBatch next() {
                List<Row> batch = new ArrayList<>(size);
                while (batch.size() < size && source.hasNext()) {
                    batch.add(source.next());
                }
                return new RowBatch(batch);
            }
        };
    }

    /** Counts a committed batch: the front door's outcomes are those of the batch's requests, in order. */
    void tally(RowBatch batch, List<SubmitOutcome> outcomes) throws IOException {
        Iterator<SubmitOutcome> answers = outcomes.iterator();
        for (Row row : batch.rows()) {
            rows++;
            if (row.request() == null) {
                reject(row, row.code(), row.reason());
                continue;
            }
            SubmitOutcome outcome = answers.next();
            if (outcome.refused()) {
                reject(row, outcome.code(), outcome.message());
            } else if (outcome.result().replayed()) {
                duplicates++;
            } else {
                accepted++;
            }
        }
        if (rows >= nextLog) {
            nextLog = (rows / logEvery + 1) * logEvery;
            LOG.info("Import {}: {} of {} rows ({}), {} rows/s", file.name(), rows, file.totalRows(), tallies(),
                    rate());
        }
    }

    private void reject(Row row, String code, String reason) throws IOException {
        rejected++;
        errors.add(row.number(), code, reason, row.cells());
    }

    ImportCounts counts() {
        return new ImportCounts(rows, accepted, rejected, duplicates);
    }

    /** "12 rejected rows in failed/x.csv.errors.csv", or null when every row went through. */
    String errorsNote() {
        return rejected == 0 ? null : rejected + " rejected row(s) listed in failed/" + errors.path().getFileName();
    }

    String summary() {
        return rows + " rows (" + tallies() + ") in " + String.format(Locale.ROOT, "%.1f", seconds()) + " s, "
                + rate() + " rows/s";
    }

    private String tallies() {
        return accepted + " accepted, " + rejected + " rejected, " + duplicates + " duplicates";
    }

    private long rate() {
        return Math.round(rows / Math.max(seconds(), 0.001));
    }

    /** Since the inbox took the file: the first pass over it counts too. */
    private double seconds() {
        return Duration.between(file.takenAt(), clock.instant()).toMillis() / 1e3;
    }

    /** After the last row: the bytes imported were the bytes inspected ({@link UnreadableFileException} if not). */
    void verifyUnchanged() throws IOException {
        source.verifyUnchanged();
    }

    @Override
    public void close() throws IOException {
        try (Closeable a = source; Closeable b = errors) {
            // both closed, whichever fails
        }
    }
}
