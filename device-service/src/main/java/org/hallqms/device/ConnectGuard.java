package org.hallqms.device;

import io.moquette.broker.Server;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Moquette 0.17 does not check at CONNECT, checked just after it: an anonymous client using the service's
 * client id or that of a device with a secret is disconnected, and a last will on a topic its sender may not
 * publish is removed before it can fire (Moquette publishes wills unchecked), then the client is disconnected.
 */
final class ConnectGuard extends AbstractInterceptHandler {
    private static final Logger log = LoggerFactory.getLogger(ConnectGuard.class);
    private final DeviceTrust trust;
    private final Server server;

    ConnectGuard(DeviceTrust trust, Server server) {
        this.trust = trust;
        this.server = server;
    }

    @Override
    public String getID() {
        return "qms-connect-guard";
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        String client = msg.getClientID();
        String user = msg.getUsername();
        boolean anonymous = user == null || user.isEmpty();
        if (msg.isWillFlag()) {
            Acl.Who who = trust.who(user, client);
            if (who == null || !Acl.mayPublish(trust.root(), who, msg.getWillTopic())) {
                stripWill(server, client);
                trust.refuse(who == null ? "unknown" : who.name(), "will-denied", "last will on '" + msg.getWillTopic() + "'");
                server.disconnectClient(client);
                return;
            }
        }
        if (anonymous && trust.reservedClientId(client)) {
            stripWill(server, client);
            trust.refuse("anonymous", "client-id-denied", "anonymous client took the client id '" + client + "'");
            server.disconnectClient(client);
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        log.debug("broker: session loop error: {}", error.toString());
    }

    /** Removes a session's last will, so that disconnecting it publishes nothing (best effort). */
    static void stripWill(Server server, String clientId) {
        try {
            Field sessions = Server.class.getDeclaredField("sessions");
            sessions.setAccessible(true);
            Object registry = sessions.get(server);
            Method retrieve = registry.getClass().getDeclaredMethod("retrieve", String.class);
            retrieve.setAccessible(true);
            Object session = retrieve.invoke(registry, clientId);
            if (session != null) {
                Field will = session.getClass().getDeclaredField("will");
                will.setAccessible(true);
                will.set(session, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("broker: cannot remove the last will of {}: {}", clientId, e.toString());
        }
    }
}
