package org.newsroom.db;

/** JDBC's parameter marks and PostgreSQL's own, for SQL run over both JDBC and Vert.x's client. */
public final class ParameterMarks {

    private ParameterMarks() {
    }

    /**
     * The SQL with {@code $1, $2, ...} in place of its {@code ?} marks, in order. Only for SQL whose
     * every {@code ?} is a parameter (no operators, literals or comments with one).
     */
    public static String numbered(String sql) {
        StringBuilder numbered = new StringBuilder(sql.length() + 16);
        int parameter = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '?') {
                numbered.append('$').append(++parameter);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }
}
