package dev.switchboard.file;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A dropped file opened once, never through a link. Its checks, the inspection and the import all read this one
 * handle, so the bytes imported are those inspected even if the name is pointed at another file in between; a
 * change of the file itself shows in its size before the import and in its hash after it.
 */
final class InboxFile implements Closeable {

    private final FileChannel channel;
    private final long size;

    private InboxFile(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    static InboxFile open(Path file) throws IOException {
        return new InboxFile(FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** The size when opened. */
    long size() {
        return size;
    }

    /** The size now. */
    long currentSize() throws IOException {
        return channel.size();
    }

    /** Up to {@code n} bytes from the start, without moving the reading position. */
    byte[] head(int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // reads until n bytes or the end
        }
        byte[] head = new byte[buffer.position()];
        buffer.flip().get(head);
        return head;
    }

    /** The bytes from the start; closing the stream leaves the handle open for the next pass. */
    InputStream fromStart() throws IOException {
        channel.position(0);
        return new FilterInputStream(Channels.newInputStream(channel)) {
            @Override
            public void close() {
                // the handle outlives each pass
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
