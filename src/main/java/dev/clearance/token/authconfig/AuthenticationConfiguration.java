package dev.clearance.token.authconfig;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes' {@code AuthenticationConfiguration} (the file kube-apiserver reads with {@code --authentication-config}),
 * as decoded, before validation. Absent values are Go's zero values: "" for a string, an empty list for a list, so
 * that the validator sees exactly what kube-apiserver's validation sees.
 *
 * @param apiVersion the file's apiVersion, one of {@link AuthenticationConfigurationDecoder#API_VERSIONS}
 * @param jwt the JWT authenticators, in file order (none is valid: kube-apiserver allows an empty list)
 * @param anonymous the {@code anonymous} block when present; clearance accepts and ignores it
 */
public record AuthenticationConfiguration(String apiVersion, List<JwtAuthenticator> jwt, Optional<Anonymous> anonymous) {

    public AuthenticationConfiguration {
        Objects.requireNonNull(apiVersion, "apiVersion");
        jwt = List.copyOf(jwt);
        Objects.requireNonNull(anonymous, "anonymous");
    }
}
