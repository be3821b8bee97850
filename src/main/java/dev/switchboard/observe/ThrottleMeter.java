package dev.switchboard.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Time spent waiting in one Camel Throttle ({@code enter} just before it, {@code leave} just after):
 * {@code switchboard_throttle_wait_seconds{throttle}} and how many exchanges wait right now.
 */
public final class ThrottleMeter {

    static final String WAIT = "switchboard.throttle.wait";
    static final String WAITING = "switchboard.throttle.waiting";

    private final String name;
    private final double ratePerSecond;
    private final Supplier<MeterRegistry> meters;
    private final String property;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile Timer timer;

    /** {@code meters} is looked up when first needed: Camel creates its registry after the beans. */
    public ThrottleMeter(String name, double ratePerSecond, Supplier<MeterRegistry> meters) {
        this.name = name;
        this.ratePerSecond = ratePerSecond;
        this.meters = meters;
        this.property = "switchboard.throttle." + name + ".enteredAt";
    }

    public void enter(Exchange exchange) {
        exchange.setProperty(property, System.nanoTime());
        waiting.incrementAndGet();
    }

    public void leave(Exchange exchange) {
        Long entered = exchange.getProperty(property, Long.class);
        if (entered == null) {
            return;
        }
        exchange.removeProperty(property);
        waiting.decrementAndGet();
        Timer t = timer();
        if (t != null) {
            t.record(Duration.ofNanos(System.nanoTime() - entered));
        }
    }

    public String name() {
        return name;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    /** Exchanges inside the throttle now. */
    public int waiting() {
        return waiting.get();
    }

    private Timer timer() {
        Timer t = timer;
        if (t == null) {
            MeterRegistry registry = meters.get();
            if (registry == null) {
                return null;
            }
            Gauge.builder(WAITING, waiting, AtomicInteger::get).description("Exchanges waiting in a throttle now")
                    .tag("throttle", name).register(registry);
            t = Timer.builder(WAIT).description("Time spent waiting in a throttle for a permit")
                    .tag("throttle", name).publishPercentileHistogram().register(registry);
            timer = t;
        }
        return t;
    }
}
