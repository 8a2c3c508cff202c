package dev.clearance.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Slots, streams, the door while draining, and the drain's wait for every request that is not a stream. */
class ProxyLoadTest {

    @Test
    void theDoorClosesWhenEverySlotIsTakenAndOpensWhenOneIsGivenBack() {
        ProxyLoad load = new ProxyLoad(2);
        assertEquals(List.of(ProxyLoad.Door.OPEN, ProxyLoad.Door.OPEN, ProxyLoad.Door.FULL), List.of(load.enter(), load.enter(),
                load.enter()));
        assertEquals(2, load.inFlight(), "a request turned away holds no slot");
        load.release();
        assertEquals(ProxyLoad.Door.OPEN, load.enter());
    }

    @Test
    void drainingTurnsEveryoneAwayWithoutTakingASlot() {
        ProxyLoad load = new ProxyLoad(2);
        load.startDraining();
        assertEquals(ProxyLoad.Door.DRAINING, load.enter());
        assertEquals(0, load.inFlight());
        assertTrue(load.draining());
    }

    @Test
    void theDrainWaitsForOrdinaryRequestsButNotForStreams() {
        ProxyLoad load = new ProxyLoad(10);
        load.enter();
        load.enter();
        load.streamOpened();
        CompletableFuture<Void> drained = load.onlyStreamsLeft();
        assertFalse(drained.isDone(), "one ordinary request is still in flight");
        load.release();
        assertTrue(drained.isDone(), "only the watch is left");
    }

    @Test
    void aStreamOpeningCanEndTheWait() {
        ProxyLoad load = new ProxyLoad(10);
        load.enter();
        CompletableFuture<Void> drained = load.onlyStreamsLeft();
        assertFalse(drained.isDone());
        load.streamOpened();
        assertTrue(drained.isDone(), "the last request turned into a stream");
    }

    @Test
    void nothingInFlightIsDrainedAtOnce() {
        assertTrue(new ProxyLoad(1).onlyStreamsLeft().isDone());
    }
}
