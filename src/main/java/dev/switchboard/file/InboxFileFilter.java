package dev.switchboard.file;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The inbox routes' {@code filter}: only a plain name directly in the inbox is taken. Camel's file component reads a
 * backslash in a name as a path separator, so a file named {@code x\..\..\secret.csv} would make it read (and move)
 * {@code <inbox>/../secret.csv}; such a file is left untouched where it was dropped, and said once in the log.
 */
public final class InboxFileFilter implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFileFilter.class);
    private static final int REMEMBERED = 1000;

    private final Set<String> reported = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return false;
        }
        String name = file.getFileName();
        if (plain(name) && name.equals(file.getFileNameOnly())) {
            return true;
        }
        boolean first;
        synchronized (reported) {
            first = reported.add(name);
        }
        if (first) {
            LOG.warn("Inbox file {} left untouched: its name holds a path separator (/ or \\), which could reach outside"
                    + " the inbox; rename it", name);
        }
        return false;
    }

    static boolean plain(String name) {
        return !name.isEmpty() && name.indexOf('/') < 0 && name.indexOf('\\') < 0
                && !name.equals(".") && !name.equals("..");
    }
}
