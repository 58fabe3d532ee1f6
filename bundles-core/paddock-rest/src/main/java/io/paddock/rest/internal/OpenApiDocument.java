package io.paddock.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3 description of the API at {@code /v1/openapi.json}, generated from the routing table
 * itself so that it cannot drift from what the server answers.
 */
final class OpenApiDocument {

    private static final List<String[]> LIST_PARAMETERS = List.of(
        new String[] {"limit", "integer", "page size, 1 to 1000 (default 100)"},
        new String[] {"continue", "string", "the continue token of the previous page"},
        new String[] {"sort", "string", "name, createdAt or updatedAt; a leading '-' sorts descending"},
        new String[] {"prefix", "string", "only names starting with this"},
        new String[] {"labelSelector", "string", "key=value pairs separated by commas; all must match"});

    private OpenApiDocument() {
    }

    static Route route(List<Route> routes) {
        Map<String, Object> document = document(routes);
        return Route.of("GET", "/v1/openapi.json", "This document", true, r -> Reply.ok(document));
    }

    static Map<String, Object> document(List<Route> routes) {
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (Route route : routes) {
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("summary", route.summary());
            operation.put("operationId", operationId(route));
            List<Object> parameters = new ArrayList<>();
            for (String name : route.parameters()) {
                parameters.add(parameter(name, "path", "string", null, true));
            }
            if (route.listParameters()) {
                for (String[] list : LIST_PARAMETERS) {
                    parameters.add(parameter(list[0], "query", list[1], list[2], false));
                }
            }
            if (!parameters.isEmpty()) {
                operation.put("parameters", parameters);
            }
            if (!"GET".equals(route.method()) && !"DELETE".equals(route.method())) {
                operation.put("requestBody", Map.of("content", Map.of("application/json", Map.of("schema",
                    Map.of("type", "object"))), "description", "JSON, at most " + ApiRequest.MAX_BODY_BYTES / 1024 + " KiB"));
            }
            operation.put("security", route.anonymous() ? List.of() : List.of(Map.of("bearer", List.of()),
                Map.of("session", List.of())));
            operation.put("responses", Map.of(
                "2XX", Map.of("description", "success"),
                "default", Map.of("description", "error", "content", Map.of("application/json",
                    Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))))));
            paths.computeIfAbsent(route.template(), t -> new TreeMap<>()).put(route.method().toLowerCase(Locale.ROOT), operation);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.0.3");
        document.put("info", Map.of("title", "Paddock API", "version", "v1",
            "description", "Clusters, projects, users and access. Lists page with limit/continue; errors share one body."));
        document.put("paths", paths);
        document.put("components", Map.of(
            "securitySchemes", Map.of(
                "bearer", Map.of("type", "http", "scheme", "bearer", "description", "API token from POST /v1/tokens"),
                "session", Map.of("type", "apiKey", "in", "cookie", "name", "paddock_session",
                    "description", "browser session from POST /v1/login; send X-Paddock-CSRF on changes")),
            "schemas", Map.of("Error", Map.of("type", "object", "required", List.of("status", "reason", "message"),
                "properties", Map.of(
                    "status", Map.of("type", "integer"),
                    "reason", Map.of("type", "string"),
                    "message", Map.of("type", "string"))))));
        return document;
    }

    private static Map<String, Object> parameter(String name, String in, String type, String description, boolean required) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("name", name);
        parameter.put("in", in);
        parameter.put("required", required);
        parameter.put("schema", Map.of("type", type));
        if (description != null) {
            parameter.put("description", description);
        }
        return parameter;
    }

    private static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        for (String part : route.template().substring(ApiServlet.PREFIX.length()).split("[/.{}]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
