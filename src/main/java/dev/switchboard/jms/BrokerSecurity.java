package dev.switchboard.jms;

import dev.switchboard.security.Secrets;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

import javax.security.auth.Subject;
import java.util.Set;

/**
 * Who may do what on the embedded broker (issue 17). Two accounts: the clients' one (a user and password from
 * {@code SWITCHBOARD_JMS_EMBEDDED_USER} / {@code _PASSWORD}, or generated on first start), and Switchboard's own, over
 * the in-VM connection only, with a password made for this process. Clients may send to the requests queue, read its
 * dead letters, consume the event topics, and keep temporary queues for replies; nothing else: no other address,
 * no management. Anonymous clients are refused.
 */
final class BrokerSecurity implements ActiveMQSecurityManager5 {

    static final String CLIENT_ROLE = "client";
    static final String INTERNAL_ROLE = "switchboard";
    static final String INTERNAL_USER = "switchboard-internal";

    private final String clientUser;
    private final byte[] clientPasswordHash;
    private final String internalPassword = Secrets.randomHex(24);

    BrokerSecurity(String clientUser, byte[] clientPasswordHash) {
        this.clientUser = clientUser;
        this.clientPasswordHash = clientPasswordHash;
    }

    /** The password of Switchboard's own account: accepted over the in-VM connection only. */
    String internalPassword() {
        return internalPassword;
    }

    /**
     * The roles per address. Artemis applies the most specific match, so the catch-all {@code #} (temporary reply
     * queues: create, consume and delete non-durable queues, and their addresses; never send) does not reach the named
     * addresses, and the management and notification addresses are Switchboard's alone.
     */
    static void configure(Configuration config, String requests, String deadLetters, String events, String inbound) {
        Role internal = new Role(INTERNAL_ROLE, true, true, true, true, true, true, true, true, true, true);
        // name, send, consume, create/delete durable queue, create/delete non-durable queue, manage, browse,
        // create/delete address
        Role replies = new Role(CLIENT_ROLE, false, true, false, false, true, true, false, false, true, true);
        Role send = new Role(CLIENT_ROLE, true, false, false, false, false, false, false, false, false, false);
        Role read = new Role(CLIENT_ROLE, false, true, false, false, false, false, false, true, false, false);
        Role subscribe = new Role(CLIENT_ROLE, false, true, true, true, true, true, false, false, false, false);
        config.setSecurityEnabled(true)
                .putSecurityRoles("#", Set.of(internal, replies))
                .putSecurityRoles(requests, Set.of(internal, send))
                .putSecurityRoles(deadLetters, Set.of(internal, read))
                .putSecurityRoles(events, Set.of(internal, subscribe))
                .putSecurityRoles(inbound, Set.of(internal, subscribe))
                .putSecurityRoles("activemq.#", Set.of(internal))
                .putSecurityRoles("DLQ", Set.of(internal))
                .putSecurityRoles("ExpiryQueue", Set.of(internal));
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        String role = null;
        if (INTERNAL_USER.equals(user)) {
            boolean inVm = connection != null && connection.getTransportConnection() instanceof InVMConnection;
            role = inVm && internalPassword.equals(password) ? INTERNAL_ROLE : null;
        } else if (user != null && user.equals(clientUser) && Secrets.matches(password, clientPasswordHash)) {
            role = CLIENT_ROLE;
        }
        if (role == null) {
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(role));
        return subject;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        for (RolePrincipal principal : subject.getPrincipals(RolePrincipal.class)) {
            for (Role role : roles) {
                if (role.getName().equals(principal.getName()) && checkType.hasRole(role)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean validateUser(String user, String password) {
        return user != null && user.equals(clientUser) && Secrets.matches(password, clientPasswordHash);
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return validateUser(user, password) && roles.stream().anyMatch(r -> r.getName().equals(CLIENT_ROLE) && checkType.hasRole(r));
    }
}
