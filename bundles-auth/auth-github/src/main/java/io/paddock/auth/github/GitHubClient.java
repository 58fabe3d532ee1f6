package io.paddock.auth.github;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.shiro.authc.AuthenticationException;

import com.fasterxml.jackson.databind.JsonNode;

import io.paddock.api.auth.AuthorizationCodeToken;
import io.paddock.api.auth.ExternalGroup;
import io.paddock.api.auth.ExternalIdentity;
import io.paddock.api.auth.RedirectLogin;
import io.paddock.auth.redirect.ClientSettings;
import io.paddock.auth.redirect.ProviderHttp;
import io.paddock.auth.redirect.RedirectRealm;

/**
 * Login with a GitHub OAuth app: authorization code with PKCE S256 and scope {@code read:org}, then
 * the user, their organizations and their teams from the REST API. Groups are {@code <org>} and
 * {@code <org>/<team-slug>}; the identity's id is the numeric user id, since logins can be renamed
 * and then taken by someone else. The access token is used for these calls only and not kept.
 */
final class GitHubClient implements RedirectLogin, RedirectRealm.CodeExchange {

    static final String SCOPE = "read:org";
    /** Pages of a list read at most: at 100 per page, more organizations or teams than anyone has. */
    static final int MAX_PAGES = 20;

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

    private final GitHubSettings settings;
    private final ClientSettings client;
    private final ProviderHttp http;

    GitHubClient(GitHubSettings settings) {
        this.settings = settings;
        this.client = settings.client();
        this.http = new ProviderHttp(client);
    }

    @Override
    public URI authorizationUri(String state, String codeChallenge, URI redirectUri) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", client.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", SCOPE);
        query.put("state", state);
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        return URI.create(settings.webUrl() + "/login/oauth/authorize?" + query.entrySet().stream()
            .map(e -> ProviderHttp.encode(e.getKey()) + "=" + ProviderHttp.encode(e.getValue())).collect(Collectors.joining("&")));
    }

    @Override
    public ExternalIdentity identify(AuthorizationCodeToken token) {
        String accessToken = accessToken(token);
        JsonNode user = apiGet(URI.create(settings.apiUrl() + "/user"), accessToken).body();
        JsonNode id = user == null ? null : user.get("id");
        JsonNode login = user == null ? null : user.get("login");
        if (id == null || !id.isIntegralNumber() || login == null || !login.isTextual()) {
            throw new AuthenticationException("GitHub's API at " + settings.apiUrl() + " returned no user id and login for /user");
        }
        List<ExternalGroup> organizations = new ArrayList<>();
        eachOf("/user/orgs", accessToken, org -> {
            String name = org.path("login").asText("");
            if (!name.isEmpty()) {
                organizations.add(new ExternalGroup(name, name));
            }
        });
        if (!settings.organizations().isEmpty() && organizations.stream()
            .noneMatch(org -> settings.organizations().contains(org.id().toLowerCase(Locale.ROOT)))) {
            throw new AuthenticationException("GitHub user " + login.asText() + " is not a member of an organization allowed to"
                + " log in (" + String.join(", ", settings.organizations().stream().sorted().toList()) + "), or the organization"
                + " has not granted Paddock's OAuth app access to its membership");
        }
        List<ExternalGroup> groups = new ArrayList<>(organizations);
        eachOf("/user/teams", accessToken, team -> {
            String org = team.path("organization").path("login").asText("");
            String slug = team.path("slug").asText("");
            if (!org.isEmpty() && !slug.isEmpty()) {
                groups.add(new ExternalGroup(org + "/" + slug, org + "/" + team.path("name").asText(slug)));
            }
        });
        JsonNode name = user.get("name");
        return new ExternalIdentity(client.provider(), id.asText(), login.asText(), name != null && name.isTextual() ? name.asText() : null,
            groups);
    }

    private String accessToken(AuthorizationCodeToken token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", client.clientId());
        form.put("client_secret", client.clientSecret());
        form.put("code", (String) token.getCredentials());
        form.put("redirect_uri", token.redirectUri().toString());
        form.put("code_verifier", token.codeVerifier());
        URI endpoint = URI.create(settings.webUrl() + "/login/oauth/access_token");
        ProviderHttp.Response response = http.postForm(endpoint, "GitHub's token endpoint", form);
        // GitHub reports refused exchanges as HTTP 200 with an error field
        String error = response.text("error");
        if (response.status() == 200 && error == null && response.text("access_token") != null) {
            return response.text("access_token");
        }
        String detail = error == null ? "HTTP " + response.status()
            : ProviderHttp.quote(error) + (response.text("error_description") == null ? ""
                : ": " + ProviderHttp.quote(response.text("error_description")));
        switch (error == null ? "" : error) {
            case "bad_verification_code":
                throw new AuthenticationException("GitHub refused the login code (" + detail + "): it is invalid, expired, already"
                    + " used or from another login attempt; start the login again");
            case "incorrect_client_credentials":
                throw new AuthenticationException("GitHub refused Paddock's client credentials (" + detail + "): check "
                    + ClientSettings.CLIENT_ID + " and " + ClientSettings.CLIENT_SECRET + " in " + client.configFile()
                    + " against the OAuth app");
            case "redirect_uri_mismatch":
                throw new AuthenticationException("GitHub refused the callback URL " + token.redirectUri() + " (" + detail
                    + "): it must match the OAuth app's authorization callback URL");
            default:
                throw new AuthenticationException("GitHub refused the login (" + detail + ")");
        }
    }

    /** Every element of a paginated list, following {@code Link: <...>; rel="next"} on the API host only. */
    private void eachOf(String path, String accessToken, Consumer<JsonNode> each) {
        URI page = URI.create(settings.apiUrl() + path + "?per_page=100");
        for (int pages = 0; page != null; pages++) {
            if (pages == MAX_PAGES) {
                throw new AuthenticationException("GitHub's API returned more than " + MAX_PAGES + " pages for " + path);
            }
            ProviderHttp.Response response = apiGet(page, accessToken);
            if (response.body() == null || !response.body().isArray()) {
                throw new AuthenticationException("GitHub's API at " + settings.apiUrl() + " returned no list for " + path);
            }
            response.body().forEach(each);
            page = next(response, path);
        }
    }

    private URI next(ProviderHttp.Response response, String path) {
        String link = response.headers().firstValue("Link").orElse("");
        Matcher matcher = NEXT_LINK.matcher(link);
        if (!matcher.find()) {
            return null;
        }
        URI next = URI.create(matcher.group(1));
        // the access token goes to the configured API only, whatever a response says
        if (!settings.apiUrl().getScheme().equals(next.getScheme()) || !settings.apiUrl().getAuthority().equals(next.getAuthority())) {
            throw new AuthenticationException("GitHub's API pointed the next page of " + path + " to another server ("
                + next.getScheme() + "://" + next.getAuthority() + "); not followed");
        }
        return next;
    }

    private ProviderHttp.Response apiGet(URI uri, String accessToken) {
        ProviderHttp.Response response = http.get(uri, "GitHub's API", "Accept", "application/vnd.github+json",
            "Authorization", "Bearer " + accessToken, "X-GitHub-Api-Version", "2022-11-28");
        if (response.status() == 200) {
            return response;
        }
        String message = response.text("message");
        String detail = "HTTP " + response.status() + (message == null ? "" : ": " + ProviderHttp.quote(message));
        if ("0".equals(response.headers().firstValue("X-RateLimit-Remaining").orElse(null))) {
            throw new AuthenticationException("GitHub's API rate limit is used up (" + detail + "); try again later");
        }
        throw new AuthenticationException("GitHub's API at " + settings.apiUrl() + " answered " + uri.getPath() + " with " + detail);
    }
}
