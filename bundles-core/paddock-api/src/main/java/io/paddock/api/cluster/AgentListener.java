package io.paddock.api.cluster;

import org.osgi.annotation.versioning.ConsumerType;

/** Told (whiteboard) when a cluster's agent connection starts, ends or changes to another agent. */
@ConsumerType
public interface AgentListener {

    void agentChanged(String cluster);
}
