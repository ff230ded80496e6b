package org.newsroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Supplier;

import org.hibernate.SessionFactory;

/** Asserts that a request went nowhere near Hibernate. */
public final class HibernateStatements {

    private HibernateStatements() {
    }

    /**
     * Runs the request and fails when Hibernate prepared a statement meanwhile. Hibernate counts for
     * the whole JVM, so a scheduled job (the embargo lift, every 5 s) may prepare one in the window:
     * the request is then measured again, at most three times in all; a request that reads through
     * Hibernate does so every time. The request must be repeatable (a read).
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
}
