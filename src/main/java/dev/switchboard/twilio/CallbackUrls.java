package dev.switchboard.twilio;

/** The URLs Switchboard gives Twilio to call back on. */
public final class CallbackUrls {

    private CallbackUrls() {
    }

    /**
     * {@code base + path}, keeping a fragment of the public URL ({@code #rc=2&rt=10000}: Twilio's connection
     * overrides) at the end, where Twilio reads it; Twilio leaves it out of the signature.
     */
    public static String of(String publicUrl, String path) {
        int hash = publicUrl.indexOf('#');
        String base = (hash < 0 ? publicUrl : publicUrl.substring(0, hash)).replaceAll("/+$", "");
        return base + path + (hash < 0 ? "" : publicUrl.substring(hash));
    }
}
