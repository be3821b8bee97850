package dev.switchboard.sandbox;

/** Roughly counts the SMS segments of a body: GSM-7 160/153 septets, otherwise UCS-2 70/67 UTF-16 units. */
final class Segments {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /** Characters of the GSM-7 extension table: each costs an escape septet plus its own. */
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    private Segments() {
    }

    static int count(String body) {
        if (body == null || body.isEmpty()) {
            return 1;
        }
        int septets = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                septets += 1;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                return parts(body.length(), 70, 67);
            }
        }
        return parts(septets, 160, 153);
    }

    private static int parts(int units, int single, int perPart) {
        return units <= single ? 1 : (units + perPart - 1) / perPart;
    }
}
