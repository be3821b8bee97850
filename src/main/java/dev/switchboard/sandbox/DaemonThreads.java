package dev.switchboard.sandbox;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the sandbox's threads and makes them daemons, so an embedded sandbox never keeps the gateway's JVM alive. */
final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + next.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
