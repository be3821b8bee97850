package dev.switchboard.dispatch;

import dev.switchboard.settings.Settings;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages per second each sender may send: its own override ({@code switchboard.sender.rates}), else its
 * type's rate; never above the account-wide rate, which bounds the total.
 */
public final class SenderRates {

    private final double account;
    private final Map<SenderType, Double> byType;
    private final Map<String, Double> overrides;

    public SenderRates(double account, Map<SenderType, Double> byType, Map<String, Double> overrides) {
        if (!(account > 0)) {
            throw new IllegalArgumentException("the account-wide rate must be positive, was " + account);
        }
        this.account = account;
        this.byType = new EnumMap<>(byType);
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * From settings. {@code implicit} are overrides of our own (the sandbox's default senders run at the
     * account rate); an explicit {@code switchboard.sender.rates} entry for the same sender wins.
     */
    public static SenderRates fromSettings(Settings s, Map<String, Double> implicit) {
        Map<SenderType, Double> byType = new EnumMap<>(SenderType.class);
        for (SenderType t : SenderType.values()) {
            byType.put(t, s.getDouble(t.setting(), t.defaultRate()));
        }
        Map<String, Double> overrides = new LinkedHashMap<>(implicit);
        overrides.putAll(parse(s.get("switchboard.sender.rates", "")));
        return new SenderRates(s.getDouble("switchboard.rate.mps", 80), byType, overrides);
    }

    /** {@code +14155550100=25,MGxxxx=50} (spaces allowed) to a map; a malformed entry fails startup. */
    static Map<String, Double> parse(String spec) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String sender = eq < 0 ? "" : entry.substring(0, eq).trim();
            double rate;
            try {
                rate = eq < 0 ? Double.NaN : Double.parseDouble(entry.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                rate = Double.NaN;
            }
            if (sender.isEmpty() || !(rate > 0)) {
                throw new IllegalStateException("switchboard.sender.rates (SWITCHBOARD_SENDER_RATES): '" + entry.trim()
                        + "' is not sender=messages-per-second, e.g. +14155550100=25");
            }
            rates.put(sender, rate);
        }
        return rates;
    }

    public double account() {
        return account;
    }

    public double of(String sender) {
        Double own = overrides.get(sender);
        double rate = own != null ? own : byType.get(SenderType.of(sender));
        return Math.min(rate, account);
    }
}
