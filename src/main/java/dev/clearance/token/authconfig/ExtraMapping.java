package dev.clearance.token.authconfig;

import java.util.Objects;

/** {@code claimMappings.extra[]}: a domain-prefixed key and the expression giving its values. */
public record ExtraMapping(String key, String valueExpression) {

    public ExtraMapping {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(valueExpression, "valueExpression");
    }
}
