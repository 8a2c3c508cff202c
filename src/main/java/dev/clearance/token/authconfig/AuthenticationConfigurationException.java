package dev.clearance.token.authconfig;

import java.util.List;

/**
 * A file that is not an {@code AuthenticationConfiguration} kube-apiserver would decode: not YAML or JSON, the wrong
 * apiVersion or kind, a value of the wrong type, an unknown or a repeated field. Each problem is a sentence naming
 * the field; no stack trace, as the message is all an operator needs.
 */
public final class AuthenticationConfigurationException extends Exception {

    private final List<String> problems;

    AuthenticationConfigurationException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    AuthenticationConfigurationException(String problem) {
        this(List.of(problem));
    }

    /** The problems, in file order; never empty. */
    public List<String> problems() {
        return problems;
    }
}
