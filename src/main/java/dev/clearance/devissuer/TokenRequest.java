package dev.clearance.devissuer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A validated minting request: who, which groups, and optional overrides for demos of refusals. */
record TokenRequest(String user, List<String> groups, boolean admin, String algorithm, Optional<String> audience,
        Optional<Duration> lifetime) {

    private static final Pattern USER = Pattern.compile("[a-z0-9]([a-z0-9._@-]{0,62}[a-z0-9])?");
    private static final Pattern GROUP = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final int MAX_GROUPS = 32;
    static final Duration MAX_LIFETIME = Duration.ofHours(1);

    /** Parses form fields; throws {@link IllegalArgumentException} with a sentence for the caller. */
    static TokenRequest parse(String user, List<String> groups, String admin, String alg, String audience, String ttlSeconds) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user is required: lower-case letters, digits and . _ @ -, at most 64 characters");
        }
        List<String> parsed = new ArrayList<>();
        for (String field : groups == null ? List.<String>of() : groups) {
            for (String g : field.split(",")) {
                String group = g.trim();
                if (group.isEmpty()) {
                    continue;
                }
                if (!GROUP.matcher(group).matches()) {
                    throw new IllegalArgumentException("group " + dev.clearance.common.Text.quote(group)
                            + " is not a DNS label (lower-case letters, digits and -, at most 63 characters)");
                }
                parsed.add(group);
            }
        }
        parsed = new ArrayList<>(new LinkedHashSet<>(parsed));
        if (parsed.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("at most " + MAX_GROUPS + " groups");
        }
        String algorithm = alg == null || alg.isBlank() ? "RS256" : alg.trim();
        if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
            throw new IllegalArgumentException("alg must be RS256 or ES256");
        }
        Optional<Duration> lifetime = Optional.empty();
        if (ttlSeconds != null && !ttlSeconds.isBlank()) {
            long seconds;
            try {
                seconds = Long.parseLong(ttlSeconds.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ttl must be a number of seconds");
            }
            if (seconds < 1 || seconds > MAX_LIFETIME.toSeconds()) {
                throw new IllegalArgumentException("ttl must be between 1 and " + MAX_LIFETIME.toSeconds() + " seconds");
            }
            lifetime = Optional.of(Duration.ofSeconds(seconds));
        }
        Optional<String> aud = audience == null || audience.isBlank() ? Optional.empty() : Optional.of(audience.trim());
        return new TokenRequest(user, parsed, "true".equalsIgnoreCase(admin), algorithm, aud, lifetime);
    }
}
