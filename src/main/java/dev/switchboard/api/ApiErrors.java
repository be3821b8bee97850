package dev.switchboard.api;

import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.store.StoreException;
import dev.switchboard.submit.IdempotencyConflict;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure of an API route to one JSON error answer; nothing internal leaks to the caller. */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    public void render(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (e instanceof InvalidRequestException bad) {
            HttpReply.error(exchange, bad.httpStatus(), bad.code(), bad.field(), bad.getMessage());
            if (bad.retryAfterSeconds() != null) {
                exchange.getMessage().setHeader("Retry-After", String.valueOf(bad.retryAfterSeconds()));
            }
        } else if (e instanceof ApiError api) {
            Object retryAfter = exchange.getProperty("switchboard.retryAfter");
            HttpReply.error(exchange, api.status(), api.code(), api.field(), api.getMessage());
            Object after = api.retryAfterSeconds() != null ? api.retryAfterSeconds() : retryAfter;
            if (after != null) {
                exchange.getMessage().setHeader("Retry-After", String.valueOf(after));
            }
        } else if (e instanceof IdempotencyConflict conflict) {
            HttpReply.error(exchange, 409, "idempotency_key_reused", "Idempotency-Key", conflict.getMessage());
        } else if (e instanceof StoreException store && store.unavailable()) {
            LOG.error("Database unavailable; answering 503: {}", store.getMessage());
            HttpReply.error(exchange, 503, "database_unavailable", null,
                    "the database is unavailable; nothing was stored, try again later");
            exchange.getMessage().setHeader("Retry-After", "5");
        } else {
            LOG.error("Unexpected failure on {}", exchange.getFromRouteId(), e);
            HttpReply.error(exchange, 500, "internal_error", null, "internal error; nothing was stored");
        }
    }
}
