package dev.clearance.token.authconfig;

import java.util.List;

/**
 * The outcome of validating a decoded file.
 *
 * @param errors kube-apiserver's validation errors, each spelt as its {@code field.Error}, in its order; a file
 *     with any must not be used
 * @param warnings parts of the file that are valid but that clearance ignores, one sentence each
 * @param authenticators one per {@code jwt[]} entry, in file order; only meaningful when {@code errors} is empty
 */
public record Validated(List<String> errors, List<String> warnings, List<CompiledAuthenticator> authenticators) {

    public Validated {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        authenticators = List.copyOf(authenticators);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
