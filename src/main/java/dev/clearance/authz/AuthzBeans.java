package dev.clearance.authz;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clearance.common.ConfigProblem;
import dev.clearance.common.ReviewJson;
import dev.clearance.config.AuthzConfig;
import dev.clearance.policy.AccessPolicy;
import dev.clearance.policy.KubernetesNamespaceDirectory;
import dev.clearance.policy.NamespaceDirectory;
import dev.clearance.policy.PolicySettings;
import dev.clearance.policy.StaticNamespaceDirectory;
import dev.clearance.policy.StaticPolicy;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** Validates {@code clearance.authz.*} and wires the policy from it. */
class AuthzBeans {

    /** Who is who, validated once: the webhook's policy and the proxy's RBAC plan both read this one. */
    @Produces
    @Singleton
    PolicySettings policySettings(AuthzConfig config) {
        return PolicySettings.from(config);
    }

    @Produces
    @Singleton
    AccessPolicy accessPolicy(AuthzConfig config, PolicySettings settings, Instance<KubernetesNamespaceDirectory> kubernetes,
            PolicyFileWatch files) {
        return build(config, settings, kubernetes::get, files::start);
    }

    /**
     * Validates the rest of the configuration, naming the property at fault, and builds the policy.
     *
     * @param settings from {@link PolicySettings#from}, which validated its part of {@code config}
     * @param kubernetes the informer-backed directory, asked for only with {@code namespace-source=kubernetes}
     * @param file reads, validates and starts watching {@code static-file} (path, poll interval); asked for only
     *     when it is set
     */
    static AccessPolicy build(AuthzConfig config, PolicySettings settings, Supplier<? extends NamespaceDirectory> kubernetes,
            BiFunction<Path, Duration, ? extends NamespaceDirectory> file) {
        if (config.staticFilePollInterval().isNegative() || config.staticFilePollInterval().isZero()) {
            throw fail("clearance.authz.static-file-poll-interval", "must be positive, was " + config.staticFilePollInterval());
        }
        NamespaceDirectory directory = switch (config.namespaceSource()) {
            case "static" -> config.staticFile().isPresent()
                    ? fileDirectory(config, file)
                    : staticDirectory(config);
            case "kubernetes" -> {
                if (config.staticFile().isPresent()) {
                    throw fail(StaticPolicy.FILE_PROPERTY, "requires clearance.authz.namespace-source=static, which is kubernetes");
                }
                yield kubernetes.get();
            }
            default -> throw fail("clearance.authz.namespace-source", "must be kubernetes or static, was " + config.namespaceSource());
        };
        return new AccessPolicy(settings, directory);
    }

    @Produces
    @Singleton
    SubjectAccessReviewCodec codec(ObjectMapper mapper) {
        return new SubjectAccessReviewCodec(new ReviewJson(mapper));
    }

    /** One source of truth: the file, and no inline namespaces beside it. */
    private static NamespaceDirectory fileDirectory(AuthzConfig config, BiFunction<Path, Duration, ? extends NamespaceDirectory> file) {
        if (!config.staticPolicy().namespaces().isEmpty()) {
            throw fail(StaticPolicy.FILE_PROPERTY, "and inline " + StaticPolicy.PREFIX + "* are both set (namespaces "
                    + new TreeSet<>(config.staticPolicy().namespaces().keySet()) + "); keep the policy in one of them");
        }
        return file.apply(config.staticFile().get(), config.staticFilePollInterval());
    }

    /** The inline block, flattened to its keys and checked by the rules the file is checked by. */
    private static NamespaceDirectory staticDirectory(AuthzConfig config) {
        Map<String, String> entries = new HashMap<>();
        config.staticPolicy().namespaces().forEach((ns, block) -> {
            String p = StaticPolicy.PREFIX + ns + ".";
            entries.put(p + "group", block.group());
            block.grants().forEach((group, role) -> entries.put(p + "grants." + group, role));
        });
        StaticPolicy.Parsed parsed = StaticPolicy.parse(entries);
        if (parsed instanceof StaticPolicy.Parsed.Invalid invalid) {
            throw new ConfigurationException(invalid.sentence(), Set.of(invalid.property()));
        }
        return new StaticNamespaceDirectory(((StaticPolicy.Parsed.Valid) parsed).namespaces());
    }

    private static ConfigurationException fail(String property, String problem) {
        return ConfigProblem.at(property, problem);
    }
}
