package org.newsroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Supplier;

import org.hibernate.SessionFactory;

/**
 * Counts the statements Hibernate prepares for a request. Hibernate counts for the whole JVM, so a
 * scheduled job (the embargo lift, every 5 s) may prepare one in the window: a request is measured
 * again rather than blamed for the job's statement. The request must be repeatable (a read, or a
 * refusal).
 */
public final class HibernateStatements {

    private HibernateStatements() {
    }

    /**
     * Runs the request and fails when Hibernate prepared a statement meanwhile; measured again, at
     * most three times in all, while it did: a request that reads through Hibernate does so every time.
     */
    public static <T> T noneDuring(SessionFactory sessionFactory, Supplier<T> request) {
        long prepared = -1;
        T result = null;
        for (int attempt = 0; attempt < 3 && prepared != 0; attempt++) {
            long before = sessionFactory.getStatistics().getPrepareStatementCount();
            result = request.get();
            prepared = sessionFactory.getStatistics().getPrepareStatementCount() - before;
        }
        assertEquals(0, prepared, "statements prepared through Hibernate during the request");
        return result;
    }

    /**
     * The statements Hibernate prepared for the request: the fewest of at least two measurements, and
     * of three when the first two differ (a job's statement can only add to a measurement).
     */
    public static long preparedFor(SessionFactory sessionFactory, Runnable request) {
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = sessionFactory.getStatistics().getPrepareStatementCount();
            request.run();
            long prepared = sessionFactory.getStatistics().getPrepareStatementCount() - before;
            if (prepared == fewest) {
                break;
            }
            fewest = Math.min(fewest, prepared);
        }
        return fewest;
    }
}
