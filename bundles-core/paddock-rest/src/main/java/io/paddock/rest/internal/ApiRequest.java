package io.paddock.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.paddock.api.access.Identity;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.SortField;

/** A matched API request: its caller, path parameters, query parameters and JSON body. */
final class ApiRequest {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpServletRequest http;
    private final HttpServletResponse response;
    private final Map<String, String> pathParameters;

    ApiRequest(HttpServletRequest http, HttpServletResponse response, Map<String, String> pathParameters) {
        this.http = http;
        this.response = response;
        this.pathParameters = pathParameters;
    }

    HttpServletRequest http() {
        return http;
    }

    HttpServletResponse response() {
        return response;
    }

    String path(String name) {
        return pathParameters.get(name);
    }

    String query(String name) {
        return http.getParameter(name);
    }

    /** The authenticated caller. @throws ApiException 401 when the request carries no valid credentials */
    Identity caller() {
        Object identity = http.getAttribute(Identity.REQUEST_ATTRIBUTE);
        if (identity instanceof Identity caller) {
            return caller;
        }
        throw new ApiException(401, "Unauthorized", "log in first: send a bearer token or the session cookie");
    }

    /** The JSON body as {@code type}; unknown fields are refused so that typos do not pass silently. */
    <T> T body(Class<T> type) throws IOException {
        long length = http.getContentLengthLong();
        if (length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] bytes = readLimited(http.getInputStream());
        if (bytes.length == 0) {
            throw ApiException.badRequest("a JSON request body is required");
        }
        try {
            return JsonResponses.MAPPER.readValue(bytes, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '" + e.getPropertyName() + "'; known fields: "
                + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException invalid) {
                throw ApiException.badRequest(invalid.getMessage());
            }
            throw ApiException.badRequest("request body is not valid JSON for this call: " + e.getOriginalMessage());
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "PayloadTooLarge", "request bodies are limited to " + MAX_BODY_BYTES / 1024 + " KiB");
    }

    /**
     * The list parameters: {@code limit} (1 to 1000, default 100), {@code continue} (from the
     * previous page), {@code sort} ({@code name}, {@code createdAt} or {@code updatedAt}, {@code -}
     * first for descending), {@code prefix} (name prefix) and {@code labelSelector}
     * ({@code key=value,...}).
     */
    ListQuery listQuery() {
        ListQuery query = ListQuery.all();
        String limit = query("limit");
        if (limit != null) {
            try {
                query = query.withLimit(Integer.parseInt(limit));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("limit must be a whole number from 1 to " + ListQuery.MAX_LIMIT);
            }
        }
        String sort = query("sort");
        if (sort != null) {
            boolean descending = sort.startsWith("-");
            String field = descending ? sort.substring(1) : sort;
            SortField sortField = switch (field) {
                case "name" -> SortField.NAME;
                case "createdAt" -> SortField.CREATED_AT;
                case "updatedAt" -> SortField.UPDATED_AT;
                default -> throw ApiException.badRequest("sort must be name, createdAt or updatedAt, optionally with a"
                    + " leading '-' for descending order");
            };
            query = query.sortedBy(sortField, descending);
        }
        String prefix = query("prefix");
        if (prefix != null) {
            query = query.withNamePrefix(prefix);
        }
        String selector = query("labelSelector");
        if (selector != null && !selector.isBlank()) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (String term : selector.split(",")) {
                int eq = term.indexOf('=');
                if (eq < 1) {
                    throw ApiException.badRequest("labelSelector terms must be key=value, separated by commas");
                }
                labels.put(term.substring(0, eq).trim(), term.substring(eq + 1).trim());
            }
            query = query.withLabels(labels);
        }
        String token = query("continue");
        return token == null || token.isEmpty() ? query : query.continueFrom(token);
    }
}
