package dev.clearance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * The trusted token issuers, one block per issuer: {@code clearance.issuers.<name>.*}. The name is free
 * text used in logs, metrics and health data; tokens are matched to an issuer by their exact {@code iss}.
 */
@ConfigMapping(prefix = "clearance.issuers")
public interface IssuersConfig {

    /** Every configured issuer by its name. */
    @WithParentName
    Map<String, IssuerConfig> byName();
}
