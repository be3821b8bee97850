package dev.switchboard.wiring;

import org.apache.camel.builder.RouteConfigurationBuilder;

/** Error handling, declared once; routes opt in by id. */
public final class ErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        // API routes: every failure becomes one JSON error answer (400/401/404/409/413/422/503/500).
        routeConfiguration("api-errors")
                .onException(Exception.class).handled(true)
                .bean("apiErrors", "render");

        // Dispatch routes: a failed Twilio call settles the claim (retry later, or failed) instead of bubbling up.
        routeConfiguration("dispatch-errors")
                .onException(Exception.class).handled(true)
                .bean("settlement", "settle");
    }
}
