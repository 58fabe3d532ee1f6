package io.paddock.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class ConsoleServletTest {

    private static final Path CONSOLE = Path.of("src/main/resources/console");

    @Test
    void policyAllowsOnlyTheImportMapInlineByItsHash() throws Exception {
        String page = Files.readString(CONSOLE.resolve("index.html"));
        Matcher importMap = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL).matcher(page);
        assertTrue(importMap.find());
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
            .digest(importMap.group(1).getBytes(StandardCharsets.UTF_8)));
        String policy = new ConsoleServlet().contentSecurityPolicy();
        assertTrue(policy.contains("script-src 'self' 'sha256-" + hash + "';"), policy);
        assertTrue(policy.contains("default-src 'none'"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(policy.contains("unsafe"), policy);
    }

    @Test
    void pageHasNoOtherInlineScriptOrStyle() throws Exception {
        String page = Files.readString(CONSOLE.resolve("index.html"));
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page);
        while (scripts.find()) {
            String attributes = scripts.group(1);
            assertTrue(attributes.contains("type=\"importmap\"") || attributes.contains("src="), attributes);
        }
        assertFalse(page.contains("<style"), "inline styles would need 'unsafe-inline'");
        assertFalse(page.contains(" style="), "inline styles would need 'unsafe-inline'");
    }

    /** A module fetched before the import map is parsed resolves bare names ("preact") without it and fails. */
    @Test
    void importMapPrecedesEveryModuleLoad() throws Exception {
        String page = Files.readString(CONSOLE.resolve("index.html"));
        int importMap = page.indexOf("<script type=\"importmap\">");
        for (String moduleLoad : new String[] {"rel=\"modulepreload\"", "type=\"module\"", "rel=\"stylesheet\""}) {
            int first = page.indexOf(moduleLoad);
            assertTrue(first > importMap, moduleLoad + " comes before the import map");
        }
    }

    /** Data goes into text nodes and attributes through Preact only: markup from strings would defeat the escaping. */
    @Test
    void modulesNeverBuildMarkupFromStrings() throws Exception {
        try (Stream<Path> files = Files.walk(CONSOLE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                String source = Files.readString(file);
                for (String sink : new String[] {"innerHTML", "outerHTML", "dangerouslySetInnerHTML", "insertAdjacentHTML",
                    "document.write", "eval(", "new Function"}) {
                    assertFalse(source.contains(sink), file + " uses " + sink);
                }
            }
        }
    }
}
