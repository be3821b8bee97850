package dev.switchboard.domain;

import java.util.List;

/** What a single-word inbound message asks for under Twilio's keyword handling, with the words that ask for it. */
public enum Keyword {
    OPT_OUT("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"),
    OPT_IN("start", "yes", "unstop"),
    HELP("help", "info");

    private final List<String> words;

    Keyword(String... words) {
        this.words = List.of(words);
    }

    /** The words, in lower case, that trigger this keyword. */
    public List<String> words() {
        return words;
    }
}
