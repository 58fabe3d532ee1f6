package io.paddock.store.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.paddock.api.store.RecordContent;
import io.paddock.api.store.StoreException;

/**
 * What the store accepts, checked before anything is written, and the JSON form of labels. Limits
 * follow the columns of the schema; label syntax follows Kubernetes so labels can be copied there.
 */
final class RecordRules {

    static final int MAX_NAME = 253;
    static final int MAX_LABEL_KEY = 317;
    static final int MAX_LABEL_VALUE = 63;
    static final int MAX_DATA_CHARS = 1_048_576;

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static String requireKind(String kind) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("kind '" + kind + "' is invalid: use 1 to 63 lower-case letters, digits and '-',"
                + " starting with a letter (e.g. 'cluster')");
        }
        return kind;
    }

    static String requireName(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name must not be empty");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException(kind + " name is " + name.length() + " characters long; at most " + MAX_NAME
                + " are allowed");
        }
        if (CONTROL.matcher(name).find()) {
            throw new IllegalArgumentException(kind + " name must not contain control characters");
        }
        return name;
    }

    static void requireLabels(String what, Map<String, String> labels) {
        labels.forEach((key, value) -> {
            if (key.length() > MAX_LABEL_KEY || !LABEL_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(what + ": label key '" + abbreviate(key) + "' is invalid: use [prefix/]name,"
                    + " name made of letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
            }
            if (value.length() > MAX_LABEL_VALUE || !LABEL_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException(what + ": value of label '" + key + "' is invalid: use at most "
                    + MAX_LABEL_VALUE + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
            }
        });
    }

    void requireContent(String kind, String name, RecordContent content) {
        String what = kind + "/" + name;
        requireLabels(what, content.labels());
        if (content.data().length() > MAX_DATA_CHARS) {
            throw new IllegalArgumentException(what + ": data is " + content.data().length() + " characters long; at most "
                + MAX_DATA_CHARS + " are allowed");
        }
        try {
            json.readTree(content.data());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": data is not a JSON document (" + e.getOriginalMessage() + " at line "
                + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        for (String secretKey : content.secrets().keySet()) {
            if (secretKey.isEmpty() || secretKey.length() > MAX_NAME || CONTROL.matcher(secretKey).find()) {
                throw new IllegalArgumentException(what + ": secret keys must be 1 to " + MAX_NAME
                    + " characters without control characters");
            }
        }
    }

    String labelsToJson(Map<String, String> labels) {
        try {
            return json.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode labels: " + e.getOriginalMessage());
        }
    }

    Map<String, String> labelsFromJson(String labels) {
        try {
            return json.readValue(labels, LABELS);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored labels are corrupt: " + e.getOriginalMessage());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
