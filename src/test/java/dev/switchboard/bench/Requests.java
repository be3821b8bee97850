package dev.switchboard.bench;

import java.net.http.HttpRequest;

/** The n-th request of a run; every n gives a distinct request (no idempotent replays unless meant). */
interface Requests {

    HttpRequest next(long n);

    /** The status code that counts as success. */
    int expectedStatus();
}
