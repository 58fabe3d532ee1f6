package io.paddock.auth.ldap.internal;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.util.Arrays;

import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;

import io.paddock.api.config.InvalidSettingException;

/**
 * Connections to one directory: a pool bound as the service account for searches, and a fresh
 * connection per password check, so that a user's bind never changes the identity of a pooled
 * connection. TLS (StartTLS or LDAPS) trusts the configured CA, or Java's default trust store, and
 * checks that the certificate names the host.
 */
final class LdapDirectory implements AutoCloseable {

    private static final long POOL_HEALTH_CHECK_MILLIS = 30_000;
    /** Old connections are replaced so that, after a failover, connections return to the first server. */
    private static final long MAX_CONNECTION_AGE_MILLIS = 15 * 60_000;

    private final LdapSettings settings;
    private final FailoverServerSet servers;
    private final PostConnectProcessor startTls;
    private final LDAPConnectionPool pool;
    private volatile String problem;

    private LdapDirectory(LdapSettings settings, FailoverServerSet servers, PostConnectProcessor startTls) throws LDAPException {
        this.settings = settings;
        this.servers = servers;
        this.startTls = startTls;
        SimpleBindRequest serviceBind = new SimpleBindRequest(settings.bindDn(), settings.bindPassword());
        // the root DSE answers cheaply on every server; checked in the background and after a failed operation
        GetEntryLDAPConnectionPoolHealthCheck healthCheck = new GetEntryLDAPConnectionPoolHealthCheck("",
            settings.responseTimeout().toMillis(), false, false, false, false, true, true);
        // no connection at start is fine: the directory may come up after Paddock, the pool connects on demand
        this.pool = new LDAPConnectionPool(servers, serviceBind, 1, settings.poolSize(), 1, startTls, false, healthCheck);
        pool.setConnectionPoolName("paddock-" + settings.provider());
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        pool.setHealthCheckIntervalMillis(POOL_HEALTH_CHECK_MILLIS);
        pool.setMaxConnectionAgeMillis(MAX_CONNECTION_AGE_MILLIS);
        pool.setMaxWaitTimeMillis(settings.responseTimeout().toMillis());
    }

    /**
     * Prepares TLS and the connection pool. Does not fail when the directory is down; the first
     * search reports that.
     *
     * @throws InvalidSettingException when {@code tls.ca.file} holds no usable certificate
     */
    static LdapDirectory open(LdapSettings settings) {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(settings.responseTimeout().toMillis());
        options.setFollowReferrals(false);
        options.setAbandonOnTimeout(true);
        // one operation at a time per connection: no reader thread per connection, and StartTLS does not
        // wait for one to notice the switch (about 50 ms per new connection in asynchronous mode)
        options.setUseSynchronousMode(true);
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        // refuse a simple bind with a DN and an empty password: servers treat it as anonymous and succeed
        options.setBindWithDNRequiresPassword(true);

        SocketFactory socketFactory = SocketFactory.getDefault();
        PostConnectProcessor startTls = null;
        if (settings.tls() != TlsMode.NONE) {
            SSLUtil ssl = new SSLUtil(trustManager(settings));
            try {
                if (settings.tls() == TlsMode.LDAPS) {
                    socketFactory = ssl.createSSLSocketFactory();
                } else {
                    startTls = new StartTLSPostConnectProcessor(ssl.createSSLSocketFactory());
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
            }
        }
        String[] hosts = settings.servers().stream().map(LdapSettings.Server::host).toArray(String[]::new);
        int[] ports = settings.servers().stream().mapToInt(LdapSettings.Server::port).toArray();
        FailoverServerSet servers = new FailoverServerSet(hosts, ports, socketFactory, options);
        try {
            return new LdapDirectory(settings, servers, startTls);
        } catch (LDAPException e) {
            // declared by the pool's constructor; with throwOnConnectFailure false a down directory does not cause it
            throw new DirectoryUnavailableException(explain(e, settings));
        }
    }

    private static X509TrustManager trustManager(LdapSettings settings) {
        if (settings.caFile() == null) {
            return JVMDefaultTrustManager.getInstance();
        }
        try {
            return new PEMFileTrustManager(settings.caFile().toFile());
        } catch (KeyStoreException e) {
            throw new InvalidSettingException(settings.file() + ": " + LdapSettings.TLS_CA_FILE + " = '" + settings.caFile()
                + "' is invalid; expected a PEM file with CA certificates (" + e.getMessage() + ")");
        }
    }

    /**
     * Searches as the service account.
     *
     * @throws LDAPSearchException only when the size limit cut the answer short; it holds the entries read
     * @throws DirectoryUnavailableException on any other failure, with what to check
     */
    SearchResult search(SearchRequest request) throws LDAPSearchException {
        try {
            SearchResult result = pool.search(request);
            problem = null;
            return result;
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                problem = null;
                throw e;
            }
            throw unavailable(e);
        }
    }

    /**
     * Checks a password with a simple bind as {@code dn} on a new connection of its own. An empty
     * password is refused by the SDK before anything is sent (see {@code setBindWithDNRequiresPassword}).
     *
     * @return {@link ResultCode#SUCCESS}, or why the directory refused the bind ({@code invalidCredentials},
     *         or e.g. an account locked by a password policy)
     * @throws DirectoryUnavailableException when the directory could not answer
     */
    ResultCode checkPassword(String dn, char[] password) {
        byte[] bytes = utf8(password);
        try (LDAPConnection connection = servers.getConnection()) {
            if (startTls != null) {
                startTls.processPreAuthenticatedConnection(connection);
            }
            ResultCode result = connection.bind(new SimpleBindRequest(dn, bytes)).getResultCode();
            problem = null;
            return result;
        } catch (LDAPException e) {
            ResultCode code = e.getResultCode();
            if (ResultCode.isClientSideResultCode(code) || !ResultCode.isConnectionUsable(code)
                || code == ResultCode.BUSY || code == ResultCode.UNAVAILABLE) {
                throw unavailable(e);
            }
            problem = null;
            return code;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The last failure to reach the directory, or {@code null} once an operation succeeded since. */
    String problem() {
        return problem;
    }

    /** For health reports: where, and how many pooled connections are open now. */
    String describe() {
        return settings.urls() + " (" + pool.getCurrentAvailableConnections() + " pooled connections idle)";
    }

    @Override
    public void close() {
        pool.close();
    }

    private DirectoryUnavailableException unavailable(LDAPException e) {
        String message = explain(e, settings);
        problem = message;
        return new DirectoryUnavailableException(message);
    }

    /** Turns an SDK error into what an operator should check, naming the setting involved. */
    static String explain(LDAPException e, LdapSettings settings) {
        String prefix = "LDAP provider '" + settings.provider() + "': ";
        String detail = rootCause(e);
        if (causedBy(e, CertificateException.class) || causedBy(e, SSLException.class)) {
            String trust = settings.caFile() == null
                ? "Java's default trust store; set " + LdapSettings.TLS_CA_FILE + " to the PEM file of the CA that signed it"
                : "the CA in " + LdapSettings.TLS_CA_FILE + " = " + settings.caFile() + "; check that it is the CA that signed"
                + " the directory's certificate";
            return prefix + "TLS with " + settings.urls() + " failed: the directory's certificate is not trusted by " + trust
                + " (" + detail + ")";
        }
        if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
            return prefix + "the directory refused the service account " + LdapSettings.BIND_DN + " = " + settings.bindDn()
                + ": check " + LdapSettings.BIND_DN + " and " + LdapSettings.BIND_PASSWORD;
        }
        if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
            return prefix + "a search base does not exist in the directory: check " + LdapSettings.USER_BASE + " = "
                + settings.userBase() + (settings.groupsEnabled() ? " and " + LdapSettings.GROUP_BASE + " = " + settings.groupBase() : "")
                + " (" + detail + ")";
        }
        return prefix + "cannot reach the directory at " + settings.urls() + " (" + detail + ")";
    }

    /** The innermost message, e.g. "Connection refused": the SDK's outer messages repeat the server address and SDK version. */
    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.trim();
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf8(char[] password) {
        var encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }
}
