package dev.switchboard.faults;

import java.io.IOException;
import org.awaitility.core.ConditionTimeoutException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import java.util.Map;

/** A JVM started from the fat jar (a Switchboard instance or the standalone sandbox) that a fault can kill -9. */
final class JarProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private JarProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** {@code java [-cp jar mainClass | -jar jar] args} with {@code env} added, output to {@code log}. */
    static JarProcess start(String name, Path jar, String mainClass, List<String> args, Map<String, String> env,
            Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The fake Twilio keeps every message it created, as Twilio does: at 128 MB it ran out of heap
                // after ~30,000 (the third full-size scenario) and went on answering nothing, which looked like a
                // Twilio outage. A JVM that runs out now exits, so the report shows it.
                "-Xmx" + (mainClass == null ? "384m" : "1g"), "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
        if (mainClass == null) {
            command.addAll(List.of("-jar", jar.toString()));
        } else {
            command.addAll(List.of("-cp", jar.toString(), mainClass));
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_") || k.startsWith("TWILIO_"));
        builder.environment().putAll(env);
        try {
            return new JarProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code url} answers 200, or fails with the process's log file named. */
    JarProcess awaitReady(String url, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                }
                return answers200(url);
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " not ready at " + url + " after " + timeout + "; see " + log, e);
        }
        return this;
    }

    private static boolean answers200(String url) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, claims left as they are. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
