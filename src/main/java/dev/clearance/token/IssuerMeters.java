package dev.clearance.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The per-issuer key metrics ({@code clearance_jwks_fetches_total{issuer,outcome}},
 * {@code clearance_jwks_key_set_age_seconds{issuer}}), registered by issuer name and read through whatever key set
 * holds that name now, so a reload that replaces an issuer's keys neither duplicates nor freezes its series; the
 * series of an issuer that is gone are removed.
 */
final class IssuerMeters {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Function<String, IssuerKeys> keysByName;
    private final Map<String, List<Meter>> byName = new HashMap<>();

    IssuerMeters(MeterRegistry registry, Clock clock, Function<String, IssuerKeys> keysByName) {
        this.registry = registry;
        this.clock = clock;
        this.keysByName = keysByName;
    }

    /** Counts the fetches of these keys under the issuer's name. */
    synchronized void attach(String name, IssuerKeys keys) {
        Counter ok = counter(name, "success");
        Counter failed = counter(name, "failure");
        keys.onFetch(success -> (success ? ok : failed).increment());
        byName.computeIfAbsent(name, n -> {
            List<Meter> meters = new ArrayList<>(List.of(ok, failed));
            meters.add(Gauge.builder("clearance.jwks.key.set.age", () -> age(n)).tag("issuer", n).baseUnit("seconds")
                    .description("Age of the key set in use").register(registry));
            return meters;
        });
    }

    /** Removes the series of every issuer not in {@code names}. */
    synchronized void retainOnly(java.util.Set<String> names) {
        byName.entrySet().removeIf(e -> {
            if (names.contains(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
    }

    private Counter counter(String name, String outcome) {
        return Counter.builder("clearance.jwks.fetches").tag("issuer", name).tag("outcome", outcome)
                .description("Key set fetches by issuer and outcome").register(registry);
    }

    private double age(String name) {
        IssuerKeys keys = keysByName.apply(name);
        KeySet current = keys == null ? null : keys.current();
        return current == null ? Double.NaN : Duration.between(current.fetchedAt(), clock.instant()).toMillis() / 1000.0;
    }
}
