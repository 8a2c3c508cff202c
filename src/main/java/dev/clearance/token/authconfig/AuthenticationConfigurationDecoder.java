package dev.clearance.token.authconfig;

import dev.clearance.token.authconfig.YamlNode.Entry;
import dev.clearance.token.authconfig.YamlNode.Mapping;
import dev.clearance.token.authconfig.YamlNode.Sequence;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an {@code AuthenticationConfiguration} file (YAML or JSON) as strictly as kube-apiserver does, so that a
 * file it would refuse never becomes clearance's configuration: the same apiVersions and kind, the same field names
 * (case-sensitive), YAML 1.1 scalars as its YAML library reads them, and unknown or repeated fields refused with its
 * "strict decoding error" wording. As there, a file whose first character is '{' is read as strict JSON, any other
 * as YAML. Beyond kube-apiserver, the input is bounded (size, depth, no aliases, exactly one
 * document), since a reload must never hang or exhaust memory on a bad file.
 */
public final class AuthenticationConfigurationDecoder {

    /** The most bytes a file may have; the caller reads no more than this either. */
    public static final int MAX_BYTES = 1 << 20;

    /** The accepted apiVersions; all three have the same schema. */
    public static final List<String> API_VERSIONS = List.of(
            "apiserver.config.k8s.io/v1", "apiserver.config.k8s.io/v1beta1", "apiserver.config.k8s.io/v1alpha1");

    static final String KIND = "AuthenticationConfiguration";

    private AuthenticationConfigurationDecoder() {}

    public static AuthenticationConfiguration decode(byte[] file) throws AuthenticationConfigurationException {
        if (file.length > MAX_BYTES) {
            throw new AuthenticationConfigurationException("the file has " + file.length
                    + " bytes, more than the " + MAX_BYTES + " an AuthenticationConfiguration may have");
        }
        String text = utf8(file);
        YamlNode root = JsonReader.looksLikeJson(text) ? JsonReader.read(text) : YamlReader.read(text);
        if (ConfigBinder.isNull(root)) {
            throw new AuthenticationConfigurationException("the file is empty: it must hold an " + KIND);
        }
        if (!(root instanceof Mapping mapping)) {
            throw new AuthenticationConfigurationException("the file must hold an " + KIND + " object, found "
                    + (root instanceof Sequence ? "a list" : "a scalar") + " (line " + root.line() + ")");
        }
        ConfigBinder binder = new ConfigBinder();
        String apiVersion = binder.string(last(mapping, "apiVersion"), "apiVersion");
        String kind = binder.string(last(mapping, "kind"), "kind");
        if (!binder.typeErrors.isEmpty()) {
            throw new AuthenticationConfigurationException(binder.typeErrors);
        }
        checkTypeMeta(apiVersion, kind);
        AuthenticationConfiguration configuration = binder.configuration(mapping, apiVersion);
        if (!binder.typeErrors.isEmpty()) {
            throw new AuthenticationConfigurationException(binder.typeErrors);
        }
        if (!binder.strictErrors.isEmpty()) {
            throw new AuthenticationConfigurationException(
                    "strict decoding error: " + String.join(", ", binder.strictErrors));
        }
        return configuration;
    }

    private static void checkTypeMeta(String apiVersion, String kind) throws AuthenticationConfigurationException {
        List<String> problems = new ArrayList<>(2);
        String versions = String.join(", ", API_VERSIONS.subList(0, API_VERSIONS.size() - 1)) + " or "
                + API_VERSIONS.get(API_VERSIONS.size() - 1);
        if (apiVersion.isEmpty()) {
            problems.add("apiVersion is missing: it must be " + versions);
        } else if (!API_VERSIONS.contains(apiVersion)) {
            problems.add("apiVersion " + GoText.quote(apiVersion) + " is not supported: it must be " + versions);
        }
        if (kind.isEmpty()) {
            problems.add("kind is missing: it must be " + KIND);
        } else if (!kind.equals(KIND)) {
            problems.add("kind " + GoText.quote(kind) + " is not supported: it must be " + KIND);
        }
        if (!problems.isEmpty()) {
            throw new AuthenticationConfigurationException(problems);
        }
    }

    private static YamlNode last(Mapping mapping, String key) {
        YamlNode found = null;
        for (Entry entry : mapping.entries()) {
            if (entry.key().equals(key)) {
                found = entry.value();
            }
        }
        return found;
    }

    private static String utf8(byte[] file) throws AuthenticationConfigurationException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new AuthenticationConfigurationException("the file is not UTF-8 text");
        }
    }
}
