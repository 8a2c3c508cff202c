package dev.clearance.token.authconfig;

import dev.clearance.token.cel.Expression;
import java.util.Objects;

/** One {@code claimMappings.extra[]} entry: its key and its compiled value expression. */
public record CompiledExtra(String key, Expression value) {

    public CompiledExtra {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
