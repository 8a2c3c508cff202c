package dev.clearance.common;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Set;

/**
 * The start-up failure for one bad property: a sentence that begins with the property's name ("clearance.x must be
 * positive, was -1"), and the property named for Quarkus's report. One spelling for every feature's checks.
 */
public final class ConfigProblem {

    private ConfigProblem() {}

    public static ConfigurationException at(String property, String problem) {
        return new ConfigurationException(property + " " + problem, Set.of(property));
    }
}
