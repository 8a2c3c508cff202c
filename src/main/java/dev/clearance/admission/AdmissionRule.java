package dev.clearance.admission;

import java.util.Optional;

/** One guard rule: pure, given the request and whether the requester is privileged (admin or trusted). */
interface AdmissionRule {

    /** The rule's configuration name, e.g. {@code namespace-ownership}. */
    String name();

    Optional<Violation> check(AdmissionRequest request);
}
