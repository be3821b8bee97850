package dev.switchboard.domain;

/** How urgent a request is: {@code bulk} waits out quiet hours, {@code transactional} never does. */
public enum Priority {
    TRANSACTIONAL("transactional"),
    BULK("bulk");

    private final String wireName;

    Priority(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Priority parse(String value) {
        for (Priority p : values()) {
            if (p.wireName.equals(value)) {
                return p;
            }
        }
        throw InvalidRequestException.unprocessable("invalid_priority", "priority",
                "'priority' must be transactional or bulk: got '" + value + "'");
    }
}
