package dev.switchboard.connect;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An embedded Apache MINA SSHD server with SFTP on loopback, and the settings the SFTP example needs to reach it. */
final class SftpServer implements AutoCloseable {

    private final SshServer sshd;
    private final Path outbox;
    private final Path knownHosts;

    SftpServer(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("sftp-root"));
        outbox = Files.createDirectories(root.resolve("outbox/sms"));
        knownHosts = Files.createFile(dir.resolve("known_hosts"));
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("host.key")));
        sshd.setPasswordAuthenticator((user, password, session) -> "legacy".equals(user) && "s3cret".equals(password));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
    }

    /** The drop folder ({@code outbox/sms} on the server). */
    Path outbox() {
        return outbox;
    }

    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("sftp.port", String.valueOf(sshd.getPort()));
        settings.put("sftp.username", "legacy");
        settings.put("sftp.password", "s3cret");
        settings.put("sftp.strict-host-key-checking", "no");
        settings.put("sftp.known-hosts", knownHosts.toString());
        settings.put("sftp.poll-ms", "200");
        return settings;
    }

    @Override
    public void close() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
