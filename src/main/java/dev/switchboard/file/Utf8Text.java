package dev.switchboard.file;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads a dropped file as strict UTF-8 text: a leading byte-order mark is skipped, bad bytes and NUL fail. */
final class Utf8Text {

    /** A NUL character: text files do not have them, binary files nearly always do. */
    static final class BinaryContentException extends IOException {
        private static final long serialVersionUID = 1L;

        BinaryContentException() {
            super("contains NUL bytes");
        }
    }

    private Utf8Text() {
    }

    static Reader open(InputStream bytes) throws IOException {
        PushbackInputStream in = new PushbackInputStream(bytes, 3);
        byte[] head = in.readNBytes(3);
        boolean bom = head.length == 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF;
        if (!bom) {
            in.unread(head);
        }
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new NulGuard(new InputStreamReader(in, strict));
    }

    private static final class NulGuard extends FilterReader {

        NulGuard(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c == 0) {
                throw new BinaryContentException();
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = offset; i < offset + n; i++) {
                if (buffer[i] == 0) {
                    throw new BinaryContentException();
                }
            }
            return n;
        }
    }
}
