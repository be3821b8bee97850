package dev.switchboard.file;

import dev.switchboard.domain.Channel;
import dev.switchboard.domain.E164;
import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.store.Consent;
import dev.switchboard.store.ConsentStore;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bulk opt-outs dropped as {@code *.optout.csv} (header {@code phone}, optional {@code channel} —
 * sms, whatsapp, voice or all — and {@code reason}): each valid row records an opt-out (source
 * {@code import}); invalid rows are listed in {@code failed/<file>.errors.csv}.
 */
public final class OptOutImport {

    private static final Logger LOG = LoggerFactory.getLogger(OptOutImport.class);

    private final ConsentStore consents;
    private final InboxLimits limits;

    /** @param limits the inbox's: a list of opt-outs is a file dropped there like any other */
    public OptOutImport(ConsentStore consents, InboxLimits limits) {
        this.consents = consents;
        this.limits = limits;
    }

    /**
     * Imports the file; one that must not be read (a link, an archive, over the size limit, a row over the record
     * limit) or cannot be (no {@code phone} column, not CSV) fails the exchange, and the file moves to failed/.
     */
    public void load(Exchange exchange) throws IOException {
        Path file = exchange.getMessage().getBody(java.io.File.class).toPath();
        InboxFile handle;
        try {
            handle = limits.open(file, file.getFileName().toString());
        } catch (UnreadableFileException e) {
            LOG.warn("Opt-out list {} not read: {}", file.getFileName(), e.getMessage());
            throw e;
        }
        List<String> errors = new ArrayList<>();
        int recorded = 0;
        int already = 0;
        try (InboxFile opened = handle;
             Reader reader = limits.bound(new java.io.BufferedReader(new java.io.InputStreamReader(opened.fromStart(),
                     StandardCharsets.UTF_8.newDecoder())), true);
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreHeaderCase(true).setTrim(true).get().parse(reader)) {
            if (!csv.getHeaderMap().containsKey("phone")) {
                throw new IllegalArgumentException(file.getFileName() + " has no 'phone' column");
            }
            for (CSVRecord row : csv) {
                try {
                    for (Consent c : optOuts(row)) {
                        if (consents.optedOut(c.phone(), c.channel())) {
                            already++;
                        } else {
                            consents.record(c);
                            recorded++;
                        }
                    }
                } catch (InvalidRequestException e) {
                    errors.add(row.getRecordNumber() + "," + e.code() + ",\"" + e.getMessage().replace("\"", "'") + "\"");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName(), e);
        }
        if (!errors.isEmpty()) {
            writeErrors(file, errors);
        }
        LOG.info("Opt-out list {}: {} opt-outs recorded, {} already opted out, {} rows refused",
                file.getFileName(), recorded, already, errors.size());
    }

    private static List<Consent> optOuts(CSVRecord row) {
        String phone = E164.parse(value(row, "phone"), "phone").value();
        String channel = value(row, "channel");
        String reason = value(row, "reason");
        List<String> channels = new ArrayList<>();
        if (channel == null || channel.isEmpty()) {
            channels.add(Channel.SMS.wireName());
        } else if ("all".equalsIgnoreCase(channel)) {
            for (Channel c : Channel.values()) {
                channels.add(c.wireName());
            }
        } else {
            channels.add(Channel.parse(channel.toLowerCase(Locale.ROOT)).wireName());
        }
        return channels.stream().map(c -> new Consent(phone, c, Consent.OPTED_OUT, "import",
                reason == null || reason.isEmpty() ? "opt-out list" : reason, null, null, null)).toList();
    }

    private static String value(CSVRecord row, String column) {
        return row.isMapped(column) && row.isSet(column) ? row.get(column) : null;
    }

    private static void writeErrors(Path file, List<String> errors) {
        Path failed = file.resolveSibling("failed");
        try {
            Files.createDirectories(failed);
            List<String> lines = new ArrayList<>();
            lines.add("row,error_code,error_reason");
            lines.addAll(errors);
            Files.write(failed.resolve(file.getFileName() + ".errors.csv"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the errors of " + file.getFileName(), e);
        }
    }
}
