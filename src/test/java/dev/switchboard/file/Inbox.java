package dev.switchboard.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.Json;
import dev.switchboard.testing.RunningSwitchboard;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/** A temporary inbox folder and a Switchboard watching it (fast polling, small batches), for the file adapter's tests. */
final class Inbox implements AutoCloseable {

    static final Set<String> FINISHED = Set.of("done", "failed", "skipped");

    private final Path dir;
    private final RunningSwitchboard sb;

    private Inbox(Path dir, RunningSwitchboard sb) {
        this.dir = dir;
        this.sb = sb;
    }

    /** {@code settings} (a database, and any overrides) win over the inbox defaults set here. */
    static Inbox start(Map<String, String> settings) {
        Path dir = tempDir();
        Map<String, String> all = new HashMap<>();
        all.put("switchboard.inbox.dir", dir.toString());
        all.put("switchboard.inbox.poll-ms", "100");
        all.put("switchboard.inbox.stable-ms", "100");
        all.put("switchboard.inbox.batch-size", "4");
        all.putAll(settings);
        return new Inbox(dir, RunningSwitchboard.start(all));
    }

    static Inbox onFreshPostgres(String schema) {
        return start(Backend.POSTGRES.freshDatabase(schema));
    }

    RunningSwitchboard switchboard() {
        return sb;
    }

    Path dir() {
        return dir;
    }

    /** Writes the file under a .part name first and renames it, as a well-behaved batch system does. */
    Path drop(String name, String content) {
        return drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    Path drop(String name, byte[] content) {
        try {
            Path part = dir.resolve(name + ".part");
            Files.write(part, content);
            return Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET /api/v1/imports/{name} once it is no longer processing and the file has left the inbox. */
    JsonNode awaitImport(String name) {
        String path = "/api/v1/imports/" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> r = sb.get(path);
            return r.statusCode() == 200 && FINISHED.contains(Json.parse(r.body()).get("status").asText())
                    && !Files.exists(dir.resolve(name));
        });
        return Json.parse(sb.get(path).body());
    }

    /** The bodies the sandbox was asked to send to {@code to}. */
    List<String> sentTo(String to) {
        return sb.sandbox().createdParams().stream().filter(p -> to.equals(p.get("To"))).map(p -> p.get("Body")).toList();
    }

    Path done(String name) {
        return dir.resolve("done").resolve(name);
    }

    Path failed(String name) {
        return dir.resolve("failed").resolve(name);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV file's records, as lists of cells. */
    static List<List<String>> csv(Path file) {
        try (CSVParser parser = CSVFormat.RFC4180.parse(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            return parser.getRecords().stream().map(CSVRecord::toList).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sb.close();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("switchboard-inbox");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
