package io.paddock.audit.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;

/** A shell session that only answers variable lookups, which is all the listener reads. */
record SessionVariables(Map<String, Object> variables) {

    CommandSession proxy() {
        return (CommandSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CommandSession.class},
            (proxy, method, args) -> {
                if (method.getName().equals("get") && args != null && args.length == 1) {
                    return variables.get(args[0]);
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }
}
