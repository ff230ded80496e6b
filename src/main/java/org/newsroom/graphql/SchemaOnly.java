package org.newsroom.graphql;

/**
 * What the body of a read resolver throws. SmallRye builds the schema from the read resolvers'
 * signatures and descriptions (the committed {@code schema.graphql}), but the read engine
 * ({@code org.newsroom.compiled}) answers every query operation and reads every object of a
 * mutation's payload and a subscription's event, so no read resolver runs: one that did would be a
 * defect, which its client gets as an internal error whose reference is logged.
 */
public final class SchemaOnly {

    private SchemaOnly() {
    }

    /** @param field the field the resolver declares, as {@code Type.field} */
    public static IllegalStateException readByTheEngine(String field) {
        return new IllegalStateException(field + " is read by the read engine; its resolver only declares it");
    }
}
