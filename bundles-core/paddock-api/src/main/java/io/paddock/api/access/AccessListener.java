package io.paddock.api.access;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when bindings or role templates changed, after {@link AccessControl} sees the change (a
 * whiteboard service). {@link Scope#GLOBAL} means anything may have changed: a role template or a
 * global binding.
 */
@ConsumerType
public interface AccessListener {

    void accessChanged(Scope scope);
}
