package io.paddock.tunnel.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.cluster.AgentConnection;
import io.paddock.api.cluster.AgentListener;
import io.paddock.api.cluster.AgentTunnels;

/**
 * The connected agents, per cluster. Paddock reaches a cluster through its cluster agent, or while
 * that one is away through its newest node agent. A cluster agent that connects again replaces the
 * old connection (its pod restarted, or the network dropped and the old tunnel has not timed out yet).
 */
@Component(service = {AgentTunnels.class, AgentRegistry.class}, immediate = true)
public class AgentRegistry implements AgentTunnels {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);

    private final Map<String, List<AgentSession>> sessions = new ConcurrentHashMap<>();
    private final List<AgentListener> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(AgentListener listener) {
        listeners.add(listener);
    }

    void removeListener(AgentListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Optional<AgentConnection> connection(String cluster) {
        return preferred(cluster).map(AgentSession::connection);
    }

    @Override
    public void disconnect(String cluster) {
        List<AgentSession> gone = sessions.remove(cluster);
        if (gone != null) {
            gone.forEach(session -> session.close("disconnected by Paddock (registration token rotated or cluster removed)"));
            changed(cluster);
        }
    }

    void add(AgentSession session) {
        String cluster = session.connection().cluster();
        Optional<AgentSession> before = preferred(cluster);
        List<AgentSession> replaced = new ArrayList<>();
        sessions.compute(cluster, (name, current) -> {
            List<AgentSession> next = current == null ? new ArrayList<>() : new ArrayList<>(current);
            if (session.clusterAgent()) {
                next.stream().filter(AgentSession::clusterAgent).forEach(replaced::add);
                next.removeAll(replaced);
            }
            next.add(session);
            return next;
        });
        replaced.forEach(old -> old.close("replaced by a new connection of the cluster agent"));
        LOG.info("Cluster '{}': {} agent connected", cluster, session.connection().agentKind());
        if (!before.equals(preferred(cluster))) {
            changed(cluster);
        }
    }

    void remove(AgentSession session) {
        String cluster = session.connection().cluster();
        Optional<AgentSession> before = preferred(cluster);
        sessions.computeIfPresent(cluster, (name, current) -> {
            List<AgentSession> next = new ArrayList<>(current);
            next.remove(session);
            return next.isEmpty() ? null : next;
        });
        LOG.info("Cluster '{}': {} agent disconnected", cluster, session.connection().agentKind());
        if (!before.equals(preferred(cluster))) {
            changed(cluster);
        }
    }

    private Optional<AgentSession> preferred(String cluster) {
        List<AgentSession> current = sessions.getOrDefault(cluster, List.of());
        return current.stream().max(Comparator.comparing(AgentSession::clusterAgent)
            .thenComparing(session -> session.connection().connectedAt()));
    }

    private void changed(String cluster) {
        for (AgentListener listener : listeners) {
            try {
                listener.agentChanged(cluster);
            } catch (RuntimeException e) {
                LOG.warn("Cluster '{}': a listener failed on an agent change: {}", cluster, e.toString());
            }
        }
    }

    @Deactivate
    void deactivate() {
        sessions.values().forEach(list -> list.forEach(session -> session.close("Paddock's tunnel is stopping")));
        sessions.clear();
    }
}
