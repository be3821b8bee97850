package dev.switchboard.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A DataSource whose connections stop at {@code commit()} until the test opens the gate, so a store's
 * transaction can be held open (locks and all) at its very end while another one runs.
 */
final class CommitGate {

    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    DataSource wrap(DataSource target) {
        return proxy(DataSource.class, target, (method, result) ->
                method.getName().equals("getConnection") ? proxy(Connection.class, result, null) : result);
    }

    /** Waits until a transaction stands at the gate. */
    void awaitArrival() throws InterruptedException {
        if (!arrived.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no transaction reached commit");
        }
    }

    void open() {
        open.countDown();
    }

    private interface Rewrap {
        Object apply(Method method, Object result);
    }

    private <T> T proxy(Class<T> type, Object target, Rewrap rewrap) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (type == Connection.class && method.getName().equals("commit")) {
                arrived.countDown();
                if (!open.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the commit gate");
                }
            }
            try {
                Object result = method.invoke(target, args);
                return rewrap == null ? result : rewrap.apply(method, result);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
