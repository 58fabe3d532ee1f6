package io.paddock.rest.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServletResponse;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.Identity;
import io.paddock.api.access.SecurityService;
import io.paddock.api.cluster.ClusterNode;
import io.paddock.api.cluster.ClusterService;
import io.paddock.api.project.ProjectService;
import io.paddock.api.store.ChangeEvent;
import io.paddock.api.store.ChangeListener;
import io.paddock.api.store.ChangeType;
import io.paddock.api.store.Store;
import io.paddock.api.store.StoreException;
import io.paddock.api.store.Watch;

/**
 * {@code GET /v1/watch}: changes to clusters, nodes and projects as server-sent events, from a list's
 * {@code resourceVersion} (or the {@code Last-Event-ID} a reconnecting browser sends), filtered to
 * what the caller may see. Each stream has its own bounded queue: a client too slow to keep up is
 * disconnected (and re-lists), it never slows the others down.
 */
final class WatchResource {

    static final Set<String> KINDS = Set.of("cluster", "node", "project");
    private static final int QUEUE = 1000;
    private static final long HEARTBEAT_SECONDS = 15;

    private final Store store;
    private final ClusterService clusters;
    private final ProjectService projects;
    private final AccessControl access;
    private final SecurityService security;
    private final ExecutorService senders;
    private final ScheduledExecutorService heartbeats;

    WatchResource(Store store, ClusterService clusters, ProjectService projects, AccessControl access, SecurityService security) {
        this.security = security;
        this.store = store;
        this.clusters = clusters;
        this.projects = projects;
        this.access = access;
        AtomicInteger threads = new AtomicInteger();
        this.senders = Executors.newCachedThreadPool(r -> daemon(r, "paddock-sse-" + threads.incrementAndGet()));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "paddock-sse-heartbeat"));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    void close() {
        senders.shutdownNow();
        heartbeats.shutdownNow();
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/v1/watch",
            "Server-sent events for clusters, nodes and projects (?kinds=cluster,node,project&resourceVersion=N)", false,
            this::watch));
    }

    private Reply watch(ApiRequest request) throws IOException {
        Identity caller = request.caller();
        Set<String> kinds = KINDS;
        String kindList = request.query("kinds");
        if (kindList != null && !kindList.isBlank()) {
            kinds = Set.of(kindList.split(","));
            if (!KINDS.containsAll(kinds)) {
                throw ApiException.badRequest("kinds can be " + KINDS);
            }
        }
        long since = since(request);
        HttpServletResponse response = request.response();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.http().startAsync();
        async.setTimeout(0);
        Object credential = request.http().getAttribute(Identity.CREDENTIAL_ATTRIBUTE);
        new Stream(caller, String.valueOf(credential), kinds, async, response.getWriter()).start(since);
        return null;
    }

    private long since(ApiRequest request) {
        String value = request.http().getHeader("Last-Event-ID");
        if (value == null) {
            value = request.query("resourceVersion");
        }
        if (value == null) {
            return store.currentSequence();
        }
        try {
            long since = Long.parseLong(value);
            if (since < 0) {
                throw new NumberFormatException();
            }
            return since;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("resourceVersion must be a resourceVersion from a list answer");
        }
    }

    /** One client's stream. */
    private final class Stream implements ChangeListener {
        private final Identity caller;
        private final String credential;
        private final Set<String> kinds;
        private final AsyncContext async;
        private final PrintWriter out;
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        private final AtomicBoolean sending = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Watch watch;
        private volatile ScheduledFuture<?> heartbeat;

        Stream(Identity caller, String credential, Set<String> kinds, AsyncContext async, PrintWriter out) {
            this.caller = caller;
            this.credential = credential;
            this.kinds = kinds;
            this.async = async;
            this.out = out;
        }

        void start(long since) {
            offer(": watching " + kinds + " after " + since + "\n\n");
            try {
                watch = store.watch(null, since, this);
            } catch (StoreException e) {
                offer("event: error\ndata: " + json(Map.of("status", 410, "reason", "Gone", "message", e.getMessage())) + "\n\n");
                closeLater();
                return;
            }
            heartbeat = heartbeats.scheduleAtFixedRate(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        }

        /** Keeps proxies from closing an idle stream, and ends it once its session or token is no longer valid. */
        private void heartbeat() {
            if (security.authenticate(credential).isEmpty()) {
                offer("event: error\ndata: " + json(Map.of("status", 401, "reason", "Unauthorized", "message",
                    "the session or token of this stream ended")) + "\n\n");
                closeLater();
                return;
            }
            offer(": heartbeat\n\n");
        }

        @Override
        public void onEvent(ChangeEvent event) {
            if (closed.get() || !kinds.contains(event.kind())) {
                return;
            }
            String cluster = event.kind().equals("cluster") ? event.name() : event.name().substring(0, event.name().indexOf('/'));
            Set<String> visible = access.visibleClusters(caller);
            if (visible != null && !visible.contains(cluster)) {
                return;
            }
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("type", event.type().name());
            body.put("kind", event.kind());
            body.put("name", event.name());
            body.put("resourceVersion", event.sequence());
            body.put("object", event.type() == ChangeType.DELETED ? null : object(event, cluster));
            offer("id: " + event.sequence() + "\nevent: " + event.kind() + "\ndata: " + json(body) + "\n\n");
        }

        @Override
        public void onClosed(StoreException reason) {
            offer("event: error\ndata: " + json(Map.of("status", 410, "reason", "Gone", "message", reason.getMessage()
                + "; list again and watch from its resourceVersion")) + "\n\n");
            closeLater();
        }

        private Object object(ChangeEvent event, String cluster) {
            return switch (event.kind()) {
                case "cluster" -> clusters.get(cluster).orElse(null);
                case "project" -> projects.get(cluster, event.name().substring(cluster.length() + 1)).orElse(null);
                default -> read(event.data(), ClusterNode.class);
            };
        }

        private void offer(String chunk) {
            if (closed.get()) {
                return;
            }
            if (!queue.offer(chunk)) {
                queue.clear();
                queue.offer("event: error\ndata: " + json(Map.of("status", 410, "reason", "Gone", "message",
                    "this client fell behind; list again and watch from its resourceVersion")) + "\n\n");
                closeLater();
            }
            drain();
        }

        private void drain() {
            if (sending.compareAndSet(false, true)) {
                senders.execute(() -> {
                    try {
                        String chunk;
                        while ((chunk = queue.poll()) != null) {
                            out.write(chunk);
                            out.flush();
                            if (out.checkError()) {
                                close();
                                return;
                            }
                        }
                        if (closed.get()) {
                            async.complete();
                        }
                    } catch (RuntimeException e) {
                        close();
                    } finally {
                        sending.set(false);
                    }
                    if (!queue.isEmpty()) {
                        drain();
                    }
                });
            }
        }

        /** Stops the feed; the queue is still written out, then the response completes. */
        private void closeLater() {
            if (closed.compareAndSet(false, true)) {
                stopFeed();
            }
            drain();
        }

        private void close() {
            closed.set(true);
            stopFeed();
            try {
                async.complete();
            } catch (IllegalStateException alreadyComplete) {
                // the container ended the request first
            }
        }

        private void stopFeed() {
            if (watch != null) {
                watch.close();
            }
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
        }
    }

    private static String json(Object value) {
        try {
            return JsonResponses.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an event: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JsonResponses.MAPPER.readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
