package org.hallqms.http;

import io.javalin.http.Context;
import java.util.regex.Pattern;
import org.hallqms.Problem;
import org.hallqms.store.Json;

/** What every route group reads from a request the same way, and how it answers JSON. */
final class Requests {
    static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Pattern REF = Pattern.compile("[A-Za-z0-9]{1,32}");
    static final Pattern CODE = Pattern.compile("[a-z0-9-]{1,32}");
    static final Pattern COUNTER = Pattern.compile("[A-Za-z0-9-]{1,16}");
    static final String REQUEST_ID_RULE =
            "1 to 64 characters of letters, digits and . _ : - (one per press, reused on retry)";

    private Requests() {
    }

    static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }

    /** The {@code {counter}} path parameter; a malformed one is an unknown counter. */
    static String counter(Context ctx) {
        String c = ctx.pathParam("counter");
        if (!COUNTER.matcher(c).matches()) {
            throw Problem.UNKNOWN_COUNTER.exception("no counter '" + c + "'");
        }
        return c;
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(Json.write(body));
    }
}
