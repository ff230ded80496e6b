package org.newsroom.graphql;

import java.util.Map;

/** Optimistic concurrency for writes: a client names the version it saw, and a stale one is a CONFLICT. */
public final class ExpectedVersion {

    private ExpectedVersion() {
    }

    /** Refuses the write unless {@code what} is still at the version the client saw. */
    public static void require(String what, long current, long seen) {
        if (current != seen) {
            throw new ApiException(ErrorCode.CONFLICT, "The " + what + " changed since version " + seen
                    + "; it is now at version " + current + ". Reload it and apply your change again.",
                    Map.of("currentVersion", current));
        }
    }
}
