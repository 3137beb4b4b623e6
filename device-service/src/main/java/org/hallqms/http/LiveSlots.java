package org.hallqms.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who may hold a {@code /api/v1/live} connection. Nobody logs in to watch the wall, so a client is a stranger
 * unless its address is known: this machine's own browser (127.0.0.1, ::1), an address in {@code QMS_LIVE_TRUSTED} (the wall board's PC), or
 * one that has logged an officer in or used the admin token since start (the consoles and the admin page).
 * <ul>
 * <li>A stranger address holds at most {@code perAddress} connections: 64 idle sockets from one laptop no
 * longer lock out the hall.</li>
 * <li>Strangers together hold at most three quarters of {@code max}: the last quarter is kept for known
 * addresses, so even many stranger addresses cannot starve the board and the consoles.</li>
 * <li>A known address is limited only by {@code max}.</li>
 * </ul>
 */
final class LiveSlots {
    private static final int MAX_KNOWN = 1024;
    private final int max;
    private final int perAddress;
    private final int strangerMax;
    private final Set<String> trusted;
    // addresses that showed a credential since start; bounded, the oldest forgotten first
    private final Map<String, Boolean> known = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
            return size() > MAX_KNOWN;
        }
    });
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int strangers;
    private int total;

    /** A held connection; give it back with {@link #release}. */
    record Slot(String address, boolean known) {
    }

    LiveSlots(int max, int perAddress, Set<String> trusted) {
        this.max = max;
        this.perAddress = perAddress;
        this.strangerMax = Math.max(1, max - max / 4);
        this.trusted = trusted.stream().map(LiveSlots::normal).collect(java.util.stream.Collectors.toSet());
    }

    /** An address that presented a valid credential: its live connections come out of the reserved room. */
    void known(String address) {
        known.put(normal(address), Boolean.TRUE);
    }

    /** A slot, or null with {@code why} naming the refusal's reason. */
    synchronized Slot take(String rawAddress, StringBuilder why) {
        String address = normal(rawAddress);
        boolean isKnown = isKnown(address);
        if (total >= max) {
            why.append("too many live clients (at most ").append(max).append(")");
            return null;
        }
        if (!isKnown) {
            if (byAddress.getOrDefault(address, 0) >= perAddress) {
                why.append("too many live clients from this address (at most ").append(perAddress).append(")");
                return null;
            }
            if (strangers >= strangerMax) {
                why.append("too many live clients; the rest of the room is kept for the hall's boards and consoles");
                return null;
            }
            strangers++;
        }
        total++;
        byAddress.merge(address, 1, Integer::sum);
        return new Slot(address, isKnown);
    }

    synchronized void release(Slot s) {
        total--;
        if (!s.known()) {
            strangers--;
        }
        byAddress.computeIfPresent(s.address(), (a, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int held() {
        return total;
    }

    private boolean isKnown(String address) {
        // only the usual loopback addresses: the rest of 127/8 is any local process's to pick, like a stranger's
        return trusted.contains(address) || known.containsKey(address) || address.equals("127.0.0.1")
                || address.equals("0:0:0:0:0:0:0:1");
    }

    /** An IPv4 or IPv6 literal: looking it up never asks DNS. */
    static boolean literal(String a) {
        return a.length() <= 64 && (a.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || a.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z]+)?"));
    }

    /** One spelling per address ({@code [::1]} and {@code 0:0:0:0:0:0:0:1} alike); literals only, no DNS. */
    static String normal(String address) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!literal(a)) {
            return a;
        }
        try {
            return InetAddress.getByName(a).getHostAddress();
        } catch (UnknownHostException e) {
            return a;
        }
    }
}
