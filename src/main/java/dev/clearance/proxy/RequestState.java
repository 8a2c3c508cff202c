package dev.clearance.proxy;

/**
 * Where a {@link ProxiedRequest} is in its life, its one piece of control state. Each state says what the request
 * holds in it (a slot of {@code max-concurrent-requests}, an answer on its way to the client, an open stream), which
 * is what ending the request gives back: nothing is tracked in flags beside it.
 *
 * <pre>
 * ADMITTING -> TURNED_AWAY -> FINISHED                       (draining, overloaded)
 * ADMITTING -> VERIFYING -> REFUSING -> FINISHED             (bad request, refused token, impersonation)
 * VERIFYING -> FORWARDING -> REFUSING -> FINISHED            (API server unreachable or silent: 502, 504)
 * FORWARDING -> RELAYING [-> STREAMING | TUNNELLING] -> FINISHED
 * any state -> FINISHED                                      (client gone; broken after the head)
 * </pre>
 */
enum RequestState {
    /** Just arrived, at the door. */
    ADMITTING(false, false, false),
    /** Refused at the door (draining, overloaded): holds no slot; its answer is being written. */
    TURNED_AWAY(false, false, false),
    /** Admitted (a slot held, the body paused): the token is under review. */
    VERIFYING(true, false, false),
    /** Admitted, then refused by the proxy: its answer is being written. */
    REFUSING(true, false, false),
    /** Handed to a relay; the header timer runs until the API server's head arrives. */
    FORWARDING(true, false, false),
    /** The API server's head arrived; its body flows to the client. */
    RELAYING(true, true, false),
    /** A watch or followed log: counted as an open stream. */
    STREAMING(true, true, true),
    /** Switched protocols: raw bytes both ways, counted as an open stream. */
    TUNNELLING(true, true, true),
    /** Over and accounted for. */
    FINISHED(false, false, false);

    /** A slot of {@code max-concurrent-requests} is held (and the client's body was paused at admission). */
    final boolean holdsSlot;
    /** The API server's head arrived: a failure now can only break the client's connection, not refuse. */
    final boolean answered;
    /** Counted in the open streams. */
    final boolean countsStream;

    RequestState(boolean holdsSlot, boolean answered, boolean countsStream) {
        this.holdsSlot = holdsSlot;
        this.answered = answered;
        this.countsStream = countsStream;
    }
}
