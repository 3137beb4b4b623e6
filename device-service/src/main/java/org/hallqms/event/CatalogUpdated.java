package org.hallqms.event;

import org.hallqms.catalog.Catalog;

/**
 * A catalogue applied.
 *
 * @param source free text: admin, station, "file NAME", "sample hall"
 * @param digest SHA-256 of the catalogue without PINs
 */
public record CatalogUpdated(String source, String digest, Catalog catalog) implements HallEvent {
    public static final String TYPE = "catalog.updated";

    @Override
    public String type() {
        return TYPE;
    }
}
