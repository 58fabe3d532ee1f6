package io.paddock.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.it.ApiClient;
import io.paddock.it.PaddockProcess;
import io.paddock.localcluster.LocalCluster;
import io.paddock.testbed.TestBedExtension;

/**
 * How lists behave with many items: one cluster with N projects (10,000 by default), listed through
 * the REST API of a running distribution. Each list call is timed side by side with
 * {@code GET /v1/version} on the same connection, the baseline that does no work, and reported as
 * p50/p99 and as the ratio of the p50s.
 *
 * <p>Usage: {@code bench/run.sh api-list [items] [rounds]}
 */
public final class ApiListBench {

    private static final String PASSWORD = "bench-admin-password";

    private ApiListBench() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        try (LocalCluster cluster = TestBedExtension.start("bench-api", 1, null);
             PaddockProcess paddock = PaddockProcess.startHealthy("bench-api", PASSWORD)) {
            ApiClient admin = ApiClient.login(paddock, "admin", PASSWORD);
            admin.expect(201, admin.post("/v1/clusters", Map.of("name", "bench", "kubeconfig", cluster.kubeconfig())));
            long start = System.nanoTime();
            for (int i = 0; i < items; i++) {
                admin.expect(201, admin.post("/v1/clusters/bench/projects", Map.of("name", String.format("p%05d", i))));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("created %d projects in %.1f s (%.0f per second, each with its owner binding)%n", items, seconds,
                items / seconds);

            String base = "/v1/clusters/bench/projects";
            String lastToken = lastPageToken(admin, base + "?limit=100");
            report(rounds, admin, "first page, 100 items", () -> admin.get(base + "?limit=100"));
            report(rounds, admin, "last page, 100 items (continue token)", () -> admin.get(base + "?limit=100&continue="
                + lastToken));
            report(rounds, admin, "first page sorted by -name", () -> admin.get(base + "?limit=100&sort=-name"));
            report(rounds, admin, "first page sorted by -createdAt", () -> admin.get(base + "?limit=100&sort=-createdAt"));
            report(rounds, admin, "name prefix matching 10 items", () -> admin.get(base + "?prefix=p0420"));
            report(rounds, admin, "1000 items in one page", () -> admin.get(base + "?limit=1000"));
            long walk = System.nanoTime();
            int pages = walkAll(admin, base + "?limit=1000");
            System.out.printf("paging through all %d items with limit=1000: %d pages in %.0f ms%n", items, pages,
                (System.nanoTime() - walk) / 1e6);
        }
    }

    private static String lastPageToken(ApiClient admin, String first) throws Exception {
        String token = null;
        String next = admin.expect(200, admin.get(first)).get("continue").asText(null);
        while (next != null) {
            token = next;
            next = admin.expect(200, admin.get(first + "&continue=" + next)).get("continue").asText(null);
        }
        return token;
    }

    private static int walkAll(ApiClient admin, String first) throws Exception {
        int pages = 1;
        JsonNode page = admin.expect(200, admin.get(first));
        while (!page.get("continue").isNull()) {
            page = admin.expect(200, admin.get(first + "&continue=" + page.get("continue").asText()));
            pages++;
        }
        return pages;
    }

    /** Times the call and the baseline alternately, so both see the same machine load. */
    private static void report(int rounds, ApiClient admin, String what, Callable<HttpResponse<String>> call) throws Exception {
        List<Long> measured = new ArrayList<>();
        List<Long> baseline = new ArrayList<>();
        for (int i = 0; i < rounds + 5; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> answer = call.call();
            long t1 = System.nanoTime();
            admin.get("/v1/version");
            long t2 = System.nanoTime();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(what + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
            if (i >= 5) { // warm-up
                measured.add(t1 - t0);
                baseline.add(t2 - t1);
            }
        }
        double p50 = Percentiles.millis(measured, 50);
        double base50 = Percentiles.millis(baseline, 50);
        System.out.printf("%-40s p50 %6.2f ms  p99 %6.2f ms   baseline p50 %5.2f ms   ratio %5.1fx%n", what, p50,
            Percentiles.millis(measured, 99), base50, p50 / base50);
    }
}
