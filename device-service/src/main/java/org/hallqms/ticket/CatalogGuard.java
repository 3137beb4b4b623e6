package org.hallqms.ticket;

import java.sql.SQLException;
import org.hallqms.Problem;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.Catalog.ServiceType;
import org.hallqms.catalog.CatalogService;
import org.hallqms.store.Tx;

/** Refuses a catalogue change that would strand today's tickets or mix two services' numbers. */
final class CatalogGuard {
    private final CatalogService catalog;

    CatalogGuard(CatalogService catalog) {
        this.catalog = catalog;
    }

    /** Runs in the catalogue's write, before the new catalogue is stored. */
    void check(Tx tx, Catalog next) throws SQLException {
        Catalog cur = catalog.current();
        if (cur == null) {
            return;
        }
        String day = tx.day().toString();
        for (ServiceType st : cur.services()) {
            if (next.service(st.code()).isEmpty()) {
                int active = Tickets.active(tx.connection(), day, st.code());
                if (active > 0) {
                    throw Problem.CATALOG_CONFLICT.exception("service '" + st.code() + "' still has " + active
                            + " active tickets today; keep it until they are served");
                }
            }
        }
        for (ServiceType st : next.services()) {
            ServiceType old = cur.service(st.code()).orElse(null);
            // Changing a prefix mid-day would let two services share a number sequence.
            if (old != null && !old.prefix().equals(st.prefix()) && Tickets.issuedCount(tx.connection(), day, st.code()) > 0) {
                throw Problem.CATALOG_CONFLICT.exception("service '" + st.code() + "' changes prefix "
                        + old.prefix() + " to " + st.prefix() + " after issuing tickets today");
            }
        }
    }
}
