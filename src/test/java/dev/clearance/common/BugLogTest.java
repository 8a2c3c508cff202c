package dev.clearance.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A failure any client can trigger reaches WARN once a minute, not once per request. */
class BugLogTest {

    @Test
    void letsOneWarningThroughPerMinute() {
        BugLog log = new BugLog(BugLogTest.class);

        assertTrue(log.warnDue(), "the first failure is a WARN");
        for (int i = 0; i < 1000; i++) {
            assertFalse(log.warnDue(), "the next ones within the minute go to DEBUG");
        }
    }
}
