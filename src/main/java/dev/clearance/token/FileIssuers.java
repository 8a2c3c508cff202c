package dev.clearance.token;

import dev.clearance.common.WatchedFile;
import dev.clearance.config.AuthnConfig;
import dev.clearance.token.authconfig.AuthenticationConfiguration;
import dev.clearance.token.authconfig.AuthenticationConfigurationDecoder;
import dev.clearance.token.authconfig.AuthenticationConfigurationException;
import dev.clearance.token.authconfig.AuthenticationConfigurationValidator;
import dev.clearance.token.authconfig.CompiledAuthenticator;
import dev.clearance.token.authconfig.CompiledClaimRule;
import dev.clearance.token.authconfig.JwtAuthenticator;
import dev.clearance.token.authconfig.PrefixedClaimOrExpression;
import dev.clearance.token.cel.ClaimExpressions;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an {@code AuthenticationConfiguration} file into issuer settings: strict decoding, kube-apiserver's validation
 * (same field paths and wording), CEL compiled once, then clearance's knobs from {@code clearance.authn.file-issuers.*}
 * (and a per-issuer {@code file-issuers.issuer.<name>} block that names the URL). Every problem fails with one
 * {@link ConfigurationException} listing them all, the file named.
 */
final class FileIssuers {

    private static final ClaimExpressions CEL = ClaimExpressions.standard();

    /** The issuers of one file, with the warnings it deserves (fields accepted and ignored, unused blocks). */
    record Loaded(List<IssuerSettings> issuers, List<String> warnings) {}

    private FileIssuers() {}

    /**
     * @param allowLoopbackHttp accept http issuer URLs on the loopback interface (the development issuer, only in the
     *     profiles that run it); false is exactly kube-apiserver's rule
     */
    static Loaded load(WatchedFile.Reading reading, AuthnConfig config, boolean allowLoopbackHttp) {
        String file = config.configFile().map(Object::toString).orElse("the configuration file");
        if (reading instanceof WatchedFile.Reading.Unreadable unreadable) {
            throw problems(file, List.of(unreadable.reason()));
        }
        AuthenticationConfiguration decoded;
        try {
            decoded = AuthenticationConfigurationDecoder.decode(((WatchedFile.Reading.Content) reading).bytes());
        } catch (AuthenticationConfigurationException e) {
            throw problems(file, e.problems());
        }
        dev.clearance.token.authconfig.Validated validated =
                AuthenticationConfigurationValidator.validate(decoded, CEL, allowLoopbackHttp);
        if (!validated.errors().isEmpty()) {
            throw problems(file, validated.errors());
        }
        List<String> warnings = new ArrayList<>(validated.warnings());
        AuthnConfig.FileIssuers defaults = config.fileIssuers();
        Map<String, Map.Entry<String, AuthnConfig.FileIssuer>> blocks = new HashMap<>();
        defaults.byName().forEach((name, block) -> blocks.put(block.url(), Map.entry(name, block)));
        Set<String> used = new LinkedHashSet<>();

        List<IssuerSettings> issuers = new ArrayList<>();
        for (int i = 0; i < validated.authenticators().size(); i++) {
            CompiledAuthenticator compiled = validated.authenticators().get(i);
            String url = compiled.source().issuer().url();
            Map.Entry<String, AuthnConfig.FileIssuer> block = blocks.get(url);
            if (block != null) {
                used.add(block.getKey());
            }
            issuers.add(settings(i, compiled, block == null ? null : block.getKey(), block == null ? null : block.getValue(),
                    defaults));
        }
        for (String name : new java.util.TreeSet<>(defaults.byName().keySet())) {
            if (!used.contains(name)) {
                warnings.add("clearance.authn.file-issuers.issuer." + name + ".url names " + defaults.byName().get(name).url()
                        + ", which is no jwt[].issuer.url of the file; the block is unused");
            }
        }
        return new Loaded(issuers, warnings);
    }

    private static IssuerSettings settings(int index, CompiledAuthenticator compiled, String blockName,
            AuthnConfig.FileIssuer block, AuthnConfig.FileIssuers defaults) {
        JwtAuthenticator source = compiled.source();
        String url = source.issuer().url();
        String name = blockName != null ? blockName : nameOf(url);
        String p = blockName != null ? "clearance.authn.file-issuers.issuer." + blockName + "." : "clearance.authn.file-issuers.";
        IssuerSettings.Knobs knobs = IssuerSettings.knobs(p,
                pick(block, AuthnConfig.FileIssuer::algorithms, defaults.algorithms()),
                pick(block, AuthnConfig.FileIssuer::clockSkew, defaults.clockSkew()),
                pick(block, AuthnConfig.FileIssuer::maxTokenLifetime, defaults.maxTokenLifetime()),
                pick(block, AuthnConfig.FileIssuer::jwksRefreshInterval, defaults.jwksRefreshInterval()),
                pick(block, AuthnConfig.FileIssuer::jwksMinRefreshInterval, defaults.jwksMinRefreshInterval()),
                pick(block, AuthnConfig.FileIssuer::connectTimeout, defaults.connectTimeout()),
                pick(block, AuthnConfig.FileIssuer::readTimeout, defaults.readTimeout()));
        KeyLocation keys = keyLocation(p, source, block);
        FileRules rules = rules(compiled, defaults.allowSystemNames());
        return new IssuerSettings(name, url, Set.copyOf(source.issuer().audiences()), keys, Optional.empty(),
                compiled.certificateAuthority(), knobs.algorithms(), knobs.clockSkew(), knobs.maxTokenLifetime(), rules,
                knobs.jwksRefreshInterval(), knobs.jwksMinRefreshInterval(), knobs.connectTimeout(), knobs.readTimeout(),
                "jwt[" + index + "]", List.of(source, knobs, keys, defaults.allowSystemNames()));
    }

    private static KeyLocation keyLocation(String p, JwtAuthenticator source, AuthnConfig.FileIssuer block) {
        if (block != null && block.jwksFile().isPresent() && block.jwksUrl().isPresent()) {
            throw IssuerSettings.fail(p + "jwks-url", "set only one of jwks-url and jwks-file");
        }
        if (block != null && block.jwksFile().isPresent()) {
            if (!Files.isReadable(block.jwksFile().get())) {
                throw IssuerSettings.fail(p + "jwks-file", "cannot read " + block.jwksFile().get());
            }
            return new KeyLocation.JwksFile(block.jwksFile().get());
        }
        if (block != null && block.jwksUrl().isPresent()) {
            return new KeyLocation.JwksUrl(IssuerSettings.checkUrl(p + "jwks-url", block.jwksUrl().get().toString()));
        }
        String discovery = source.issuer().discoveryURL();
        if (!discovery.isEmpty()) {
            return new KeyLocation.Discovery(URI.create(discovery)); // used verbatim, as kube-apiserver does
        }
        String url = source.issuer().url();
        return new KeyLocation.Discovery(URI.create((url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                + "/.well-known/openid-configuration"));
    }

    private static FileRules rules(CompiledAuthenticator c, boolean allowSystemNames) {
        PrefixedClaimOrExpression user = c.source().claimMappings().username();
        FileRules.Source username = c.username().<FileRules.Source>map(FileRules.Source.Cel::new)
                .orElseGet(() -> new FileRules.Source.Claim(user.claim(), user.prefix() == null ? "" : user.prefix()));
        PrefixedClaimOrExpression groupMapping = c.source().claimMappings().groups();
        Optional<FileRules.Source> groups = c.groups().<FileRules.Source>map(FileRules.Source.Cel::new)
                .or(() -> groupMapping.claim().isEmpty() ? Optional.empty()
                        : Optional.of(new FileRules.Source.Claim(groupMapping.claim(),
                                groupMapping.prefix() == null ? "" : groupMapping.prefix())));
        String uidClaim = c.source().claimMappings().uid().claim();
        Optional<FileRules.Source> uid = c.uid().<FileRules.Source>map(FileRules.Source.Cel::new)
                .or(() -> uidClaim.isEmpty() ? Optional.empty() : Optional.of(new FileRules.Source.Claim(uidClaim, "")));
        List<FileRules.Extra> extra = c.extra().stream().map(e -> new FileRules.Extra(e.key(), e.value())).toList();
        List<FileRules.ClaimRule> claimRules = new ArrayList<>();
        for (CompiledClaimRule rule : c.claimRules()) {
            if (rule instanceof CompiledClaimRule.RequiredClaim r) {
                claimRules.add(new FileRules.ClaimRule.Required(r.claim(), r.requiredValue()));
            } else {
                CompiledClaimRule.Condition r = (CompiledClaimRule.Condition) rule;
                claimRules.add(new FileRules.ClaimRule.Cel(r.expression(), r.message()));
            }
        }
        List<FileRules.UserRule> userRules = c.userRules().stream()
                .map(r -> new FileRules.UserRule(r.expression(), r.message())).toList();
        return new FileRules(username, groups, uid, extra, claimRules, userRules, allowSystemNames);
    }

    /** A stable name for an issuer without its own block: its URL without the scheme (host and path). */
    static String nameOf(String url) {
        String rest = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    }

    private static <T> T pick(AuthnConfig.FileIssuer block, java.util.function.Function<AuthnConfig.FileIssuer, Optional<T>> get,
            T fallback) {
        return block == null ? fallback : get.apply(block).orElse(fallback);
    }

    private static ConfigurationException problems(String file, List<String> problems) {
        return new ConfigurationException(file + " is not a valid AuthenticationConfiguration:\n  "
                + String.join("\n  ", problems), Set.of("clearance.authn.config-file"));
    }
}
