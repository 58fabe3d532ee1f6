package io.paddock.security.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.realm.Realm;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.paddock.api.access.AccessControl;
import io.paddock.api.access.ApiToken;
import io.paddock.api.access.AuthenticationFailedException;
import io.paddock.api.access.Identity;
import io.paddock.api.access.IssuedToken;
import io.paddock.api.access.LoginMethod;
import io.paddock.api.access.LoginUnavailableException;
import io.paddock.api.access.RedirectStart;
import io.paddock.api.access.SecurityService;
import io.paddock.api.access.Session;
import io.paddock.api.access.Subject;
import io.paddock.api.access.TokenHash;
import io.paddock.api.access.User;
import io.paddock.api.auth.AuthProviders;
import io.paddock.api.auth.AuthorizationCodeToken;
import io.paddock.api.auth.ExternalIdentity;
import io.paddock.api.auth.PasswordAccounts;
import io.paddock.api.auth.ProviderUnavailableException;
import io.paddock.api.auth.RedirectLogin;
import io.paddock.api.config.InvalidSettingException;
import io.paddock.api.config.Settings;
import io.paddock.api.store.ConflictException;
import io.paddock.api.system.RequestConflictException;
import io.paddock.api.store.ListQuery;
import io.paddock.api.store.NotFoundException;
import io.paddock.api.store.Page;
import io.paddock.api.store.Store;
import io.paddock.api.system.HealthCheck;
import io.paddock.api.system.HealthResult;

/**
 * Logins through the installed providers, sessions and API tokens, users. Failed logins are
 * throttled per account and per client address; every failure gets the same message, so it never
 * tells whether an account exists.
 */
@Component(configurationPid = AdminAccountBootstrap.PID, service = {SecurityService.class, HealthCheck.class},
    property = HealthCheck.NAME_PROPERTY + "=security")
public class SecurityServiceImpl implements SecurityService, HealthCheck {

    static final String SESSION_TTL = "session.ttl.minutes";
    static final String TOKEN_TTL = "token.ttl.days";
    static final String LOCK_AFTER = "login.lock.after.failures";
    static final String LOCK_SECONDS = "login.lock.seconds";
    static final String ADDRESS_LOCK_AFTER = "login.address.lock.after.failures";
    private static final String LOGIN_FAILED = "login failed: unknown user or wrong password";
    private static final Duration PENDING_REDIRECT_TTL = Duration.ofMinutes(10);
    private static final Duration MAX_LOCK = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(SecurityServiceImpl.class);

    /** A redirect login started and not finished yet. */
    private record PendingRedirect(String provider, String codeVerifier, URI redirectUri, Instant expiresAt) {
    }

    private final Store store;
    private final AccessControl access;
    private final Bundle systemBundle;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    private final ProviderRealms realms = new ProviderRealms();
    private final Map<String, RedirectLogin> redirects = new ConcurrentHashMap<>();
    private final Map<String, PendingRedirect> pendingRedirects = new ConcurrentHashMap<>();
    private final TokenRegistry tokens;
    private final UserRegistry users;
    private final VerifiedTokens verified;
    private final ScheduledExecutorService sweeper;
    private volatile PasswordAccounts passwordAccounts;
    private LoginThrottle accountThrottle;
    private LoginThrottle addressThrottle;
    private Duration sessionTtl;
    private Duration maxTokenTtl;
    private HealthResult health;

    @Activate
    public SecurityServiceImpl(@Reference Store store, @Reference AccessControl access, BundleContext context,
                               Map<String, Object> properties) {
        this.store = store;
        this.access = access;
        this.systemBundle = context.getBundle(0);
        this.tokens = new TokenRegistry(store, clock);
        this.users = new UserRegistry(store, clock);
        this.verified = new VerifiedTokens(store, clock);
        configure(properties);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "paddock-token-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 10, TimeUnit.MINUTES);
    }

    private void configure(Map<String, Object> properties) {
        Settings settings = new Settings(AdminAccountBootstrap.PID, properties);
        try {
            apply(settings.intInRange(SESSION_TTL, 720, 5, 43_200), settings.intInRange(TOKEN_TTL, 90, 1, 3650),
                settings.intInRange(LOCK_AFTER, 5, 1, 1000), settings.intInRange(LOCK_SECONDS, 30, 1, 3600),
                settings.intInRange(ADDRESS_LOCK_AFTER, 50, 1, 100_000));
            health = HealthResult.up("sessions last " + sessionTtl.toMinutes() + " min; logins throttled after "
                + settings.intInRange(LOCK_AFTER, 5, 1, 1000) + " failures");
        } catch (InvalidSettingException e) {
            apply(720, 90, 5, 30, 50);
            health = HealthResult.down(e.getMessage() + " (defaults in use)");
            LOG.error(e.getMessage());
        }
    }

    private void apply(int sessionMinutes, int tokenDays, int lockAfter, int lockSeconds, int addressLockAfter) {
        sessionTtl = Duration.ofMinutes(sessionMinutes);
        maxTokenTtl = Duration.ofDays(tokenDays);
        accountThrottle = new LoginThrottle(lockAfter, Duration.ofSeconds(lockSeconds), MAX_LOCK, clock);
        addressThrottle = new LoginThrottle(addressLockAfter, Duration.ofSeconds(lockSeconds), MAX_LOCK, clock);
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        verified.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRealm(Realm realm, Map<String, Object> properties) {
        String provider = String.valueOf(properties.get(AuthProviders.PROVIDER));
        String displayName = String.valueOf(properties.getOrDefault(AuthProviders.DISPLAY_NAME, provider));
        String login = String.valueOf(properties.getOrDefault(AuthProviders.LOGIN, AuthProviders.PASSWORD_LOGIN));
        try {
            realms.add(provider, realm, new LoginMethod(provider, displayName, login));
            LOG.info("Login provider '{}' ({}) available", provider, displayName);
        } catch (IllegalArgumentException e) {
            LOG.error("Login provider ignored: {}", e.getMessage());
        }
    }

    void unbindRealm(Realm realm, Map<String, Object> properties) {
        String provider = String.valueOf(properties.get(AuthProviders.PROVIDER));
        if (!realms.remove(provider, realm)) {
            return;
        }
        if (systemBundle.getState() == Bundle.STOPPING) {
            return; // the container shuts down: the provider comes back with it, so do its users' sessions
        }
        int revoked = tokens.revokeAll(Map.of(TokenRegistry.PROVIDER_LABEL, provider));
        verified.clear();
        LOG.info("Login provider '{}' removed; {} sessions and tokens it issued revoked", provider, revoked);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRedirectLogin(RedirectLogin login, Map<String, Object> properties) {
        redirects.put(String.valueOf(properties.get(AuthProviders.PROVIDER)), login);
    }

    void unbindRedirectLogin(RedirectLogin login, Map<String, Object> properties) {
        redirects.remove(String.valueOf(properties.get(AuthProviders.PROVIDER)), login);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindPasswordAccounts(PasswordAccounts accounts) {
        passwordAccounts = accounts;
    }

    void unbindPasswordAccounts(PasswordAccounts accounts) {
        if (passwordAccounts == accounts) {
            passwordAccounts = null;
        }
    }

    @Override
    public HealthResult check() {
        return health;
    }

    @Override
    public List<LoginMethod> loginMethods() {
        return realms.methods();
    }

    @Override
    public Session loginWithPassword(String provider, String login, String password, String clientAddress) {
        if (provider == null || login == null || login.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("provider, username and password are required");
        }
        LoginMethod method = realms.method(provider).filter(m -> AuthProviders.PASSWORD_LOGIN.equals(m.login()))
            .orElseThrow(() -> new IllegalArgumentException("'" + provider + "' is not an installed password login provider;"
                + " installed: " + realms.methods().stream().map(LoginMethod::provider).toList()));
        String accountKey = method.provider() + ":" + login.toLowerCase(Locale.ROOT);
        String addressKey = clientAddress == null ? "unknown" : clientAddress;
        long wait = Math.max(accountThrottle.secondsLocked(accountKey), addressThrottle.secondsLocked(addressKey));
        if (wait > 0) {
            throw new AuthenticationFailedException("too many failed logins; try again in " + wait + " s", wait);
        }
        ExternalIdentity identity;
        try {
            identity = realms.authenticate(new ProviderRealms.ProviderPasswordToken(provider, login, password, clientAddress));
        } catch (ProviderUnavailableException e) {
            LOG.warn("Login provider '{}' could not answer a login: {}", provider, e.getMessage());
            throw new LoginUnavailableException("login provider '" + provider + "' cannot be reached now; try again later");
        } catch (AuthenticationException e) {
            accountThrottle.failed(accountKey);
            addressThrottle.failed(addressKey);
            LOG.info("Failed login for '{}' through '{}' from {}", printable(login), provider, addressKey);
            throw new AuthenticationFailedException(LOGIN_FAILED, 0);
        }
        accountThrottle.succeeded(accountKey);
        return startSession(identity, provider);
    }

    @Override
    public RedirectStart startRedirectLogin(String provider, URI redirectUri) {
        RedirectLogin login = redirects.get(provider);
        if (login == null || !realms.installed(provider)) {
            throw new IllegalArgumentException("'" + provider + "' is not an installed redirect login provider");
        }
        forgetExpiredRedirects();
        String state = randomText(32);
        String verifier = randomText(48);
        URI authorization;
        try {
            authorization = login.authorizationUri(state, pkceChallenge(verifier), redirectUri);
        } catch (AuthenticationException e) {
            throw new AuthenticationFailedException("login through '" + provider + "' cannot start: " + e.getMessage(), 0);
        }
        pendingRedirects.put(state, new PendingRedirect(provider, verifier, redirectUri, clock.instant().plus(PENDING_REDIRECT_TTL)));
        return new RedirectStart(authorization, state);
    }

    @Override
    public Session completeRedirectLogin(String provider, String state, String code, URI redirectUri, String clientAddress) {
        PendingRedirect pending = state == null ? null : pendingRedirects.remove(state);
        if (pending == null || !pending.provider().equals(provider) || pending.expiresAt().isBefore(clock.instant())
            || !pending.redirectUri().equals(redirectUri)) {
            throw new AuthenticationFailedException("login failed: unknown or expired login attempt; start again", 0);
        }
        if (code == null || code.isBlank()) {
            throw new AuthenticationFailedException("login failed: the provider sent no authorization code", 0);
        }
        ExternalIdentity identity;
        try {
            identity = realms.authenticate(new AuthorizationCodeToken(provider, code, pending.codeVerifier(), redirectUri));
        } catch (AuthenticationException e) {
            LOG.info("Failed redirect login through '{}' from {}: {}", provider, clientAddress, e.getMessage());
            throw new AuthenticationFailedException("login failed: " + provider + " did not confirm the login", 0);
        }
        return startSession(identity, provider);
    }

    private Session startSession(ExternalIdentity identity, String provider) {
        if (!provider.equals(identity.provider())) {
            throw new AuthenticationFailedException("login failed: provider '" + provider + "' vouched for another provider's user", 0);
        }
        User user = users.recordLogin(identity);
        if (!user.enabled()) {
            throw new AuthenticationFailedException("login failed: user '" + user.name() + "' is disabled", 0);
        }
        IssuedToken session = tokens.issue(user.name(), provider, "browser session", true, sessionTtl);
        LOG.info("User '{}' logged in through '{}'", user.name(), provider);
        Identity caller = new Identity(user.name(), user.displayName(), provider, user.groups(), session.token().id());
        return new Session(session, csrfToken(session.value()), caller);
    }

    @Override
    public Optional<Identity> authenticate(String tokenValue) {
        Optional<Identity> known = verified.get(tokenValue);
        if (known.isPresent()) {
            return realms.installed(known.get().provider()) ? known : Optional.empty();
        }
        long generation = verified.generation();
        Optional<ApiToken> token = tokens.verify(tokenValue);
        if (token.isEmpty() || !realms.installed(token.get().provider())) {
            return Optional.empty();
        }
        Optional<User> user = users.get(token.get().user());
        if (user.isEmpty() || !user.get().enabled()) {
            return Optional.empty();
        }
        Identity identity = new Identity(user.get().name(), user.get().displayName(), token.get().provider(), user.get().groups(),
            token.get().id());
        verified.put(tokenValue, identity, token.get().expiresAt(), generation);
        return Optional.of(identity);
    }

    @Override
    public Identity localIdentity(String login) {
        PasswordAccounts accounts = passwordAccounts;
        ExternalIdentity account = accounts == null ? null : accounts.find(login).orElse(null);
        if (account == null) {
            throw new AuthenticationFailedException("'" + login + "' is not a local account", 0);
        }
        User user = users.get(UserRegistry.userName(account)).orElseGet(() -> users.recordLogin(account));
        if (!user.enabled()) {
            throw new AuthenticationFailedException("user '" + user.name() + "' is disabled", 0);
        }
        return new Identity(user.name(), user.displayName(), account.provider(), UserRegistry.qualifiedGroups(account), null);
    }

    @Override
    public boolean validCsrf(String sessionValue, String csrfToken) {
        if (sessionValue == null || csrfToken == null) {
            return false;
        }
        return MessageDigest.isEqual(csrfToken(sessionValue).getBytes(StandardCharsets.US_ASCII),
            csrfToken.getBytes(StandardCharsets.US_ASCII));
    }

    /** Derived from the session secret, so it needs no storage and cannot be guessed without the HttpOnly cookie. */
    @Override
    public String csrfToken(String sessionValue) {
        return TokenRegistry.sha256("paddock-csrf\n" + sessionValue);
    }

    @Override
    public void logout(String tokenValue) {
        tokens.verify(tokenValue).ifPresent(token -> {
            tokens.revoke(token.id());
            verified.forgetToken(token.id());
        });
    }

    @Override
    public IssuedToken createToken(Identity caller, String description, Duration ttl) {
        Duration lifetime = ttl == null ? maxTokenTtl : ttl;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(maxTokenTtl) > 0) {
            throw new IllegalArgumentException("token lifetime must be more than 0 and at most " + maxTokenTtl.toDays()
                + " days (" + TOKEN_TTL + " in etc/" + AdminAccountBootstrap.PID + ".cfg)");
        }
        String text = description == null ? "" : description.strip();
        if (text.length() > 256) {
            throw new IllegalArgumentException("token description is limited to 256 characters");
        }
        IssuedToken issued = tokens.issue(caller.user(), caller.provider(), text, false, lifetime);
        LOG.info("User '{}' created API token {}", caller.user(), issued.token().id());
        return issued;
    }

    @Override
    public List<ApiToken> tokens(String user) {
        return tokens.ofUser(user).stream().sorted(Comparator.comparing(ApiToken::createdAt)).toList();
    }

    @Override
    public List<TokenHash> apiTokenHashes() {
        return tokens.apiTokenHashes();
    }

    @Override
    public void revokeToken(String user, String tokenId) {
        boolean owned = tokens.ofUser(user).stream().anyMatch(token -> token.id().equals(tokenId));
        if (!owned || !tokens.revoke(tokenId)) {
            throw new NotFoundException("user '" + user + "' has no token '" + tokenId + "'");
        }
        verified.forgetToken(tokenId);
    }

    @Override
    public List<User> users() {
        return users.all();
    }

    @Override
    public Page<User> users(ListQuery query) {
        return users.page(query);
    }

    @Override
    public Optional<User> user(String name) {
        return users.get(name);
    }

    @Override
    public User createLocalUser(String login, String displayName, String password) {
        PasswordAccounts accounts = requirePasswordAccounts();
        UserRegistry.requireLocalLogin(login);
        if (users.get(login).isPresent() || accounts.find(login).isPresent()) {
            throw new RequestConflictException("user '" + login + "' already exists");
        }
        accounts.create(login, password);
        try {
            return users.createLocal(login, displayName);
        } catch (RuntimeException e) {
            accounts.delete(login); // no account without its user
            throw e;
        }
    }

    @Override
    public User setEnabled(String name, boolean enabled) {
        User user = users.setEnabled(name, enabled);
        if (!enabled) {
            tokens.revokeAll(Map.of(TokenRegistry.USER_LABEL, name));
            verified.forgetUser(name);
        }
        return user;
    }

    @Override
    public void changePassword(Identity caller, String currentPassword, String newPassword) {
        PasswordAccounts accounts = requirePasswordAccounts();
        if (!accounts.provider().equals(caller.provider())) {
            throw new IllegalArgumentException("your password is kept by '" + caller.provider() + "', not by Paddock");
        }
        User user = users.get(caller.user()).orElseThrow(() -> new NotFoundException("user '" + caller.user() + "' not found"));
        accounts.changePassword(user.login(), currentPassword, newPassword);
    }

    @Override
    public void resetPassword(String name, String newPassword) {
        PasswordAccounts accounts = requirePasswordAccounts();
        User user = users.get(name).orElseThrow(() -> new NotFoundException("user '" + name + "' not found"));
        if (!accounts.provider().equals(user.provider())) {
            throw new IllegalArgumentException("the password of '" + name + "' is kept by '" + user.provider() + "'");
        }
        accounts.setPassword(user.login(), newPassword);
        tokens.revokeAll(Map.of(TokenRegistry.USER_LABEL, name));
        verified.forgetUser(name);
    }

    @Override
    public void deleteUser(String name) {
        User user = users.get(name).orElseThrow(() -> new NotFoundException("user '" + name + "' not found"));
        tokens.revokeAll(Map.of(TokenRegistry.USER_LABEL, name));
        verified.forgetUser(name);
        access.removeSubject(Subject.user(name));
        PasswordAccounts accounts = passwordAccounts;
        if (accounts != null && accounts.provider().equals(user.provider()) && accounts.find(user.login()).isPresent()) {
            accounts.delete(user.login());
        }
        users.delete(name);
    }

    private PasswordAccounts requirePasswordAccounts() {
        PasswordAccounts accounts = passwordAccounts;
        if (accounts == null) {
            throw new IllegalArgumentException("local accounts are not available: install the paddock-auth-local feature");
        }
        return accounts;
    }

    private void sweep() {
        try {
            int removed = tokens.sweepExpired();
            if (removed > 0) {
                LOG.info("Removed {} expired sessions and tokens", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Sweeping expired tokens failed: {}", e.getMessage());
        }
    }

    private void forgetExpiredRedirects() {
        Instant now = clock.instant();
        pendingRedirects.values().removeIf(pending -> pending.expiresAt().isBefore(now));
    }

    private String randomText(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    static String pkceChallenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "...";
    }
}
