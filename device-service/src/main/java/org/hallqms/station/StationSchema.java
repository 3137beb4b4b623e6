package org.hallqms.station;

import java.sql.Connection;
import java.sql.SQLException;

/** The station schema's migrations, for the tools that open the station's database without the puller. */
public final class StationSchema {
    private StationSchema() {
    }

    /** Brings the connection's current schema up to date; returns its version. */
    public static int migrate(Connection c) throws SQLException {
        return StationDb.MIGRATIONS.migrate(c);
    }
}
