package io.paddock.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the API: method, path template with {@code {name}} segments, what it does (for
 * the OpenAPI document) and whether it needs a caller.
 */
record Route(String method, String template, String summary, boolean anonymous, Handler handler, Pattern pattern,
             List<String> parameters, boolean listParameters) {

    /** Handles one matched request. */
    @FunctionalInterface
    interface Handler {
        Reply handle(ApiRequest request) throws java.io.IOException;
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z]+)}");

    static Route of(String method, String template, String summary, boolean anonymous, Handler handler) {
        List<String> parameters = new ArrayList<>();
        Matcher m = PARAMETER.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            parameters.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return new Route(method, template, summary, anonymous, handler, Pattern.compile(regex.toString()), List.copyOf(parameters),
            false);
    }

    /** This route, documented as taking the list parameters of {@link ApiRequest#listQuery()}. */
    Route paged() {
        return new Route(method, template, summary, anonymous, handler, pattern, parameters, true);
    }

    /** The path parameters when {@code path} fits the template, else {@code null}. */
    Map<String, String> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            values.put(parameters.get(i), java.net.URLDecoder.decode(m.group(i + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }
}
