package dev.switchboard.voice;

/** An IVR menu file that cannot be used; the message names the file and line. */
public final class IvrConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IvrConfigException(String message) {
        super(message);
    }
}
