package dev.clearance.common;

/** A review body that cannot be answered: bad JSON, wrong kind or apiVersion, a missing field. Becomes a 400. */
public final class InvalidReviewException extends Exception {

    public InvalidReviewException(String message) {
        super(message, null, false, false);
    }
}
