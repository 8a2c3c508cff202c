package dev.clearance.token.authconfig;

import java.util.List;

/**
 * The {@code anonymous} block. clearance never authenticates anonymous requests, so it only checks the block as
 * kube-apiserver does and warns that it is ignored.
 *
 * @param conditionPaths {@code conditions[].path}, in file order ("" when a condition has no path); kept because
 *     upstream's error for conditions without {@code enabled} shows them
 */
public record Anonymous(boolean enabled, List<String> conditionPaths) {

    public Anonymous {
        conditionPaths = List.copyOf(conditionPaths);
    }

    /** How many {@code conditions} the block has. */
    public int conditions() {
        return conditionPaths.size();
    }
}
