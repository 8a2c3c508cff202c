package dev.clearance.kubeconfig;

import dev.clearance.common.ConfigProblem;
import dev.clearance.common.Text;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The bounds every {@code clearance.kubeconfig.*} value is held to. Each check either returns the value or throws a
 * {@link ConfigurationException} whose message starts with the property's name, so start-up fails with one sentence.
 */
final class Checks {

    static final int MAX_NAME = 253;
    static final int MAX_TEXT = 4096;
    static final int MAX_URL = 2048;
    static final int MAX_ITEMS = 64;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** What may appear unquoted inside the development plugin's {@code sh -c} line. */
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._@:/=+-]{1,253}");

    private Checks() {}

    static ConfigurationException bad(String property, String problem) {
        return ConfigProblem.at(property, problem);
    }

    /** A name: non-empty, no surrounding blanks, no control characters, at most {@link #MAX_NAME}. */
    static String name(String property, String value) {
        text(property, value, MAX_NAME, false);
        if (value.isBlank() || !value.strip().equals(value)) {
            throw bad(property, "must be a non-empty name without leading or trailing blanks");
        }
        return value;
    }

    /** Free text of at most {@code max} characters without control characters (line breaks only if allowed). */
    static String text(String property, String value, int max, boolean lineBreaks) {
        if (value.length() > max) {
            throw bad(property, "must be at most " + max + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = lineBreaks && (c == '\n' || c == '\t');
            if (!allowed && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
                throw bad(property, "must not contain control characters (found U+%04X)".formatted((int) c));
            }
        }
        return value;
    }

    /** Non-empty text: a command, or an argument's value. */
    static String nonEmpty(String property, String value) {
        text(property, value, MAX_TEXT, false);
        if (value.isBlank()) {
            throw bad(property, "must not be empty");
        }
        return value;
    }

    static String envName(String property, String value) {
        if (!ENV_NAME.matcher(value).matches()) {
            throw bad(property, "must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*, at most 128), was "
                    + quoted(value));
        }
        return value;
    }

    static String namespace(String property, String value) {
        if (!DNS_LABEL.matcher(value).matches()) {
            throw bad(property, "must be a namespace name (a DNS label), was " + quoted(value));
        }
        return value;
    }

    static String shellSafe(String property, String value) {
        if (!SHELL_SAFE.matcher(value).matches()) {
            throw bad(property, "must be 1 to 253 of A-Z a-z 0-9 . _ @ : / = + - (it goes into a shell command line), was "
                    + quoted(value));
        }
        return value;
    }

    /**
     * An absolute {@code https} URL with a host and no user info, query or fragment; {@code http} too when
     * {@code plainHttp} (development). Returns it without a trailing slash.
     */
    static String url(String property, String value, boolean plainHttp) {
        text(property, value, MAX_URL, false);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw bad(property, "must be a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(plainHttp && scheme.equals("http"))) {
            throw bad(property, plainHttp ? "must be an http or https URL" : "must be an https URL (http only for "
                    + "development: with the development issuer or the proxy's insecure-plain-http)");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw bad(property, "must be a URL with a host and no user info, query or fragment");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static String quoted(String value) {
        return Text.quote(value);
    }
}
