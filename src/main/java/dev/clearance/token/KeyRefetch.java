package dev.clearance.token;

import dev.clearance.common.Text;
import java.time.Duration;

/**
 * What a demand for fresh keys did. A token with an unknown {@code kid} is refused with this said exactly, because
 * an operator chasing a key rotation needs to know whether clearance looked again, and if not, why not.
 *
 * @param keys the key set to use now: the one just fetched or the last good one; null while none was ever fetched
 * @param detail why the set was not refetched, or why refetching failed; empty when it was refetched
 */
record KeyRefetch(KeySet keys, Outcome outcome, String detail) {

    enum Outcome {
        REFETCHED,
        SKIPPED_RATE_LIMITED,
        FAILED
    }

    static KeyRefetch refetched(KeySet keys) {
        return new KeyRefetch(keys, Outcome.REFETCHED, "");
    }

    /** Too soon after the last fetch: {@code jwks-min-refresh-interval} bounds what unknown kids can make us fetch. */
    static KeyRefetch skipped(KeySet keys, Duration sinceLastFetch, Duration minInterval) {
        return new KeyRefetch(keys, Outcome.SKIPPED_RATE_LIMITED, "the last fetch was " + sinceLastFetch.toSeconds()
                + " s ago, under jwks-min-refresh-interval " + format(minInterval));
    }

    /** The fetch failed; {@code failure} is shown quoted, as a key source's error may carry outside text. */
    static KeyRefetch failed(KeySet keys, String failure) {
        return new KeyRefetch(keys, Outcome.FAILED, Text.quote(failure));
    }

    /** The parenthesis of an unknown-kid refusal, e.g. "its key set was refetched just now". */
    String explanation() {
        return switch (outcome) {
            case REFETCHED -> "its key set was refetched just now";
            case SKIPPED_RATE_LIMITED -> "the key set was not refetched: " + detail;
            case FAILED -> "refetching the key set failed: " + detail + "; the last good keys were used";
        };
    }

    /** A duration as it is configured: 30s, 2m, 1h, 500ms. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
