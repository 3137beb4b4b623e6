package org.hallqms.ticket;

import java.sql.Connection;
import java.sql.SQLException;

/** The people-ahead count as it was before issue 16's rework: two range counts. Kept to check the new one against. */
final class AheadOld {
    private AheadOld() {
    }

    static int ahead(Connection c, String day, String service, int rank, long pos) throws SQLException {
        String waiting = "SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? AND state = 'waiting' "
                + "AND target_counter IS NULL AND rank ";
        return Tickets.count(c, waiting + "> ?", day, service, rank)
                + Tickets.count(c, waiting + "= ? AND pos < ?", day, service, rank, pos);
    }
}
