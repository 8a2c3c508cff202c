package dev.clearance.kubeconfig;

import dev.clearance.config.DevIssuerConfig;
import dev.clearance.config.KubeconfigConfig;
import dev.clearance.config.ProxyConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The users' kubeconfig, checked and rendered once at start-up (a bad {@code clearance.kubeconfig.*} value fails
 * start-up with its property's name), or the reason there is none.
 */
@Startup
@ApplicationScoped
class KubeconfigDocument {

    private static final Logger LOG = Logger.getLogger(KubeconfigDocument.class);

    private final Optional<String> yaml;
    private final String unavailable;

    KubeconfigDocument(KubeconfigConfig config, DevIssuerConfig devIssuer, ProxyConfig proxy) {
        KubeconfigSettings.Availability availability = KubeconfigSettings.resolve(config, devIssuer, proxy);
        if (availability instanceof KubeconfigSettings.Availability.Available) {
            KubeconfigSpec spec = ((KubeconfigSettings.Availability.Available) availability).spec();
            yaml = Optional.of(KubeconfigRenderer.render(spec));
            unavailable = "";
            LOG.infof("GET /kubeconfig serves context %s for server %s", spec.contextName(), spec.server());
        } else {
            yaml = Optional.empty();
            unavailable = ((KubeconfigSettings.Availability.Unavailable) availability).message();
        }
    }

    /** The kubeconfig's YAML, when configured. */
    Optional<String> yaml() {
        return yaml;
    }

    /** Why there is no kubeconfig, when there is none. */
    String unavailable() {
        return unavailable;
    }
}
