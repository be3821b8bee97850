package dev.switchboard.jms;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * The embedded broker refuses a message larger than the limit, whatever the protocol, before it is stored or routed:
 * the sender's send fails with the reason. (A request body over 64 KiB is refused by Switchboard anyway; this keeps
 * a client from filling the journal or memory with one message.)
 */
final class MessageSizeLimit implements ActiveMQServerMessagePlugin {

    private final long maxBytes;

    MessageSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                           boolean noAutoCreateQueue) throws ActiveMQException {
        long size = message.getWholeMessageSize();
        if (size > maxBytes) {
            throw new ActiveMQException(ActiveMQExceptionType.ILLEGAL_STATE, "message of " + size
                    + " bytes refused: this broker's limit is " + maxBytes + " bytes (SWITCHBOARD_JMS_EMBEDDED_MAX_MESSAGE_BYTES)");
        }
    }
}
