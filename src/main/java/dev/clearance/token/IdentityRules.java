package dev.clearance.token;

import java.util.Map;

/**
 * How an issuer's verified claims become a Kubernetes identity, and which claims a token must carry. Two dialects:
 * the short form of {@code clearance.issuers.*} and the {@code jwt[]} entries of an {@code AuthenticationConfiguration}
 * file, which follow kube-apiserver's JWT authenticator exactly. Times, issuer and audience are checked before, by
 * {@link ClaimVerifier}, the same way for both.
 */
sealed interface IdentityRules permits ShortFormRules, FileRules {

    /**
     * @param maxGroups clearance's bound on the number of groups, applied to both dialects
     * @throws TokenRefusal with a sentence naming the claim or rule at fault
     */
    Identity identity(Map<String, Object> claims, int maxGroups) throws TokenRefusal;
}
