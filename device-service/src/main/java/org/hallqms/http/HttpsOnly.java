package org.hallqms.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.IntSupplier;
import org.hallqms.Problem;

/**
 * With HTTPS configured, no credential crosses the hall network in clear text: admin and station tokens, the
 * officer's PIN and session token are refused over plain HTTP from another machine ({@code https-required}),
 * and the pages that ask for them (console, admin) are redirected to HTTPS. This machine may still use plain
 * HTTP (scripts, the puller on the same board); kiosk and board pages stay on it.
 */
final class HttpsOnly {
    private final boolean tls;
    private final IntSupplier httpsPort;

    HttpsOnly(boolean tls, IntSupplier httpsPort) {
        this.tls = tls;
        this.httpsPort = httpsPort;
    }

    /** Refuses the request when it came over plain HTTP from the network; {@code what} names what it carries. */
    void require(Context ctx, String what) {
        if (plainFromNetwork(ctx)) {
            throw Problem.HTTPS_REQUIRED.exception("send this request to https://…:" + httpsPort.getAsInt() + "; " + what
                    + (what.equals("tokens") ? " are" : " is") + " not accepted over plain HTTP from the network");
        }
    }

    /** Sends a page that asks for credentials to HTTPS; true when it did. */
    boolean redirected(Context ctx) {
        if (!plainFromNetwork(ctx)) {
            return false;
        }
        String host = ctx.host() == null ? "" : ctx.host().replaceFirst(":\\d+$", "");
        if (!host.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]")) {
            throw Problem.HTTPS_REQUIRED.exception("open this page over https, port " + httpsPort.getAsInt());
        }
        ctx.redirect("https://" + host + ":" + httpsPort.getAsInt() + ctx.path(), HttpStatus.FOUND);
        return true;
    }

    private boolean plainFromNetwork(Context ctx) {
        return tls && !"https".equals(ctx.scheme()) && !loopback(ctx.ip());
    }

    static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
