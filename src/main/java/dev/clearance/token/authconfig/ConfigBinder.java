package dev.clearance.token.authconfig;

import dev.clearance.token.authconfig.YamlNode.Entry;
import dev.clearance.token.authconfig.YamlNode.JsonKind;
import dev.clearance.token.authconfig.YamlNode.Mapping;
import dev.clearance.token.authconfig.YamlNode.Scalar;
import dev.clearance.token.authconfig.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Binds a document to the model as kube-apiserver's strict decoder does: case-sensitive names, null for any field
 * means its zero value, a value of the wrong JSON type is an error naming the field, and unknown or repeated fields
 * are "strict decoding" errors. The three apiVersions share one schema, so one binder serves them all.
 */
final class ConfigBinder {

    private static final Set<String> ROOT = Set.of("apiVersion", "kind", "jwt", "anonymous");
    private static final Set<String> ANONYMOUS = Set.of("enabled", "conditions");
    private static final Set<String> CONDITION = Set.of("path");
    private static final Set<String> JWT = Set.of("issuer", "claimValidationRules", "claimMappings", "userValidationRules");
    private static final Set<String> ISSUER = Set.of(
            "url", "discoveryURL", "certificateAuthority", "audiences", "audienceMatchPolicy", "egressSelectorType");
    private static final Set<String> CLAIM_RULE = Set.of("claim", "requiredValue", "expression", "message");
    private static final Set<String> MAPPINGS = Set.of("username", "groups", "uid", "extra");
    private static final Set<String> PREFIXED = Set.of("claim", "prefix", "expression");
    private static final Set<String> CLAIM_OR_EXPRESSION = Set.of("claim", "expression");
    private static final Set<String> EXTRA = Set.of("key", "valueExpression");
    private static final Set<String> USER_RULE = Set.of("expression", "message");

    /** Wrong JSON types: fatal in kube-apiserver, reported before any strict error. */
    final List<String> typeErrors = new ArrayList<>();
    /** Unknown and duplicate fields, in file order. */
    final List<String> strictErrors = new ArrayList<>();

    AuthenticationConfiguration configuration(Mapping root, String apiVersion) {
        Map<String, YamlNode> f = object(root, "", ROOT);
        return new AuthenticationConfiguration(
                apiVersion, list(f.get("jwt"), "jwt", this::jwt), Optional.ofNullable(anonymous(f.get("anonymous"))));
    }

    private Anonymous anonymous(YamlNode node) {
        if (isNull(node)) {
            return null;
        }
        Map<String, YamlNode> f = object(node, "anonymous", ANONYMOUS);
        List<String> paths = list(f.get("conditions"), "anonymous.conditions",
                (n, p) -> string(object(n, p, CONDITION).get("path"), p + ".path"));
        return new Anonymous(bool(f.get("enabled"), "anonymous.enabled"), paths);
    }

    private JwtAuthenticator jwt(YamlNode node, String path) {
        Map<String, YamlNode> f = object(node, path, JWT);
        return new JwtAuthenticator(
                issuer(f.get("issuer"), path + ".issuer"),
                list(f.get("claimValidationRules"), path + ".claimValidationRules", this::claimRule),
                mappings(f.get("claimMappings"), path + ".claimMappings"),
                list(f.get("userValidationRules"), path + ".userValidationRules", this::userRule));
    }

    private Issuer issuer(YamlNode node, String path) {
        Map<String, YamlNode> f = object(node, path, ISSUER);
        return new Issuer(
                string(f.get("url"), path + ".url"),
                string(f.get("discoveryURL"), path + ".discoveryURL"),
                string(f.get("certificateAuthority"), path + ".certificateAuthority"),
                list(f.get("audiences"), path + ".audiences", this::string),
                string(f.get("audienceMatchPolicy"), path + ".audienceMatchPolicy"),
                string(f.get("egressSelectorType"), path + ".egressSelectorType"));
    }

    private ClaimValidationRule claimRule(YamlNode node, String path) {
        Map<String, YamlNode> f = object(node, path, CLAIM_RULE);
        return new ClaimValidationRule(
                string(f.get("claim"), path + ".claim"),
                string(f.get("requiredValue"), path + ".requiredValue"),
                string(f.get("expression"), path + ".expression"),
                string(f.get("message"), path + ".message"));
    }

    private ClaimMappings mappings(YamlNode node, String path) {
        Map<String, YamlNode> f = object(node, path, MAPPINGS);
        return new ClaimMappings(
                prefixed(f.get("username"), path + ".username"),
                prefixed(f.get("groups"), path + ".groups"),
                claimOrExpression(f.get("uid"), path + ".uid"),
                list(f.get("extra"), path + ".extra", this::extra));
    }

    private PrefixedClaimOrExpression prefixed(YamlNode node, String path) {
        Map<String, YamlNode> f = object(node, path, PREFIXED);
        YamlNode prefix = f.get("prefix");
        return new PrefixedClaimOrExpression(
                string(f.get("claim"), path + ".claim"),
                isNull(prefix) ? null : string(prefix, path + ".prefix"),
                string(f.get("expression"), path + ".expression"));
    }

    private ClaimOrExpression claimOrExpression(YamlNode node, String path) {
        Map<String, YamlNode> f = object(node, path, CLAIM_OR_EXPRESSION);
        return new ClaimOrExpression(string(f.get("claim"), path + ".claim"), string(f.get("expression"), path + ".expression"));
    }

    private ExtraMapping extra(YamlNode node, String path) {
        Map<String, YamlNode> f = object(node, path, EXTRA);
        return new ExtraMapping(string(f.get("key"), path + ".key"), string(f.get("valueExpression"), path + ".valueExpression"));
    }

    private UserValidationRule userRule(YamlNode node, String path) {
        Map<String, YamlNode> f = object(node, path, USER_RULE);
        return new UserValidationRule(string(f.get("expression"), path + ".expression"), string(f.get("message"), path + ".message"));
    }

    /** The fields of an object (last one wins, as in Go); empty when absent, null or not an object. */
    private Map<String, YamlNode> object(YamlNode node, String path, Set<String> known) {
        if (isNull(node)) {
            return Map.of();
        }
        if (!(node instanceof Mapping mapping)) {
            typeError(node, path, "object");
            return Map.of();
        }
        Map<String, YamlNode> fields = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Entry entry : mapping.entries()) {
            String field = path.isEmpty() ? entry.key() : path + "." + entry.key();
            if (!known.contains(entry.key())) {
                strictErrors.add("unknown field " + GoText.quote(field));
            } else if (!seen.add(entry.key())) {
                strictErrors.add("duplicate field " + GoText.quote(field));
            }
            fields.put(entry.key(), entry.value());
        }
        return fields;
    }

    private <T> List<T> list(YamlNode node, String path, BiFunction<YamlNode, String, T> element) {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof Sequence sequence)) {
            typeError(node, path, "array");
            return List.of();
        }
        List<T> out = new ArrayList<>(sequence.items().size());
        for (int i = 0; i < sequence.items().size(); i++) {
            out.add(element.apply(sequence.items().get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** A string field: "" when absent or null. */
    String string(YamlNode node, String path) {
        if (isNull(node)) {
            return "";
        }
        if (node instanceof Scalar scalar && scalar.kind() == JsonKind.STRING) {
            return scalar.text();
        }
        typeError(node, path, "string");
        return "";
    }

    private boolean bool(YamlNode node, String path) {
        if (isNull(node)) {
            return false;
        }
        if (node instanceof Scalar scalar && scalar.kind() == JsonKind.BOOL) {
            return YamlScalars.isTrue(scalar.text());
        }
        typeError(node, path, "bool");
        return false;
    }

    private void typeError(YamlNode found, String path, String wanted) {
        String kind = found instanceof Mapping ? "object"
                : found instanceof Sequence ? "array"
                : ((Scalar) found).kind().goName;
        typeErrors.add("json: cannot unmarshal " + kind + " into " + path + " of type " + wanted
                + " (line " + found.line() + ")");
    }

    static boolean isNull(YamlNode node) {
        return node == null || (node instanceof Scalar s && s.kind() == JsonKind.NULL);
    }
}
