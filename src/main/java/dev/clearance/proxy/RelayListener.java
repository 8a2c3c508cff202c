package dev.clearance.proxy;

/**
 * What a {@link Relay} tells the request it carries, whichever relay it is. Called on the request's event loop, at most
 * once each except {@link #failed}, and never after {@link Relay#abort()}.
 */
interface RelayListener {

    /** The {@code Audit-ID} the API server gets: the request's decision id, which becomes its audit ID. */
    String auditId();

    /** The API server's response head arrived with this status; the relay is about to pass it on. */
    void headReceived(int status);

    /** The answer is a stream (a watch, a followed log) that stays open as long as the API server keeps it. */
    void streamOpened();

    /** After a {@code 101}, the client's connection is switched: raw bytes now flow both ways until either side closes. */
    void tunnelOpened();

    /**
     * The exchange with the API server failed: before its head (then the request can still be refused), or after it
     * (then the client's connection can only be broken).
     */
    void failed(Throwable cause);

    /** The exchange is over, answered in full or broken off; the relay has released what it held. */
    void finished();
}
