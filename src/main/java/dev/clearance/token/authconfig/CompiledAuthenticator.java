package dev.clearance.token.authconfig;

import dev.clearance.token.cel.Expression;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated {@code jwt[]} entry with its expressions compiled once, at load, so that no token ever pays for a
 * compilation and no expression can fail to compile per token.
 *
 * @param source the entry as written (claims, prefixes and audiences are read from it)
 * @param username present when the username is mapped by an expression rather than a claim
 * @param groups present when the groups are mapped by an expression
 * @param uid present when the uid is mapped by an expression
 * @param extra the extra mappings, in file order
 * @param claimRules the claim validation rules, in file order
 * @param userRules the user validation rules, in file order
 * @param certificateAuthority the parsed {@code certificateAuthority}; empty when the issuer has none
 */
public record CompiledAuthenticator(
        JwtAuthenticator source,
        Optional<Expression> username,
        Optional<Expression> groups,
        Optional<Expression> uid,
        List<CompiledExtra> extra,
        List<CompiledClaimRule> claimRules,
        List<CompiledUserRule> userRules,
        List<X509Certificate> certificateAuthority) {

    public CompiledAuthenticator {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(uid, "uid");
        extra = List.copyOf(extra);
        claimRules = List.copyOf(claimRules);
        userRules = List.copyOf(userRules);
        certificateAuthority = List.copyOf(certificateAuthority);
    }
}
