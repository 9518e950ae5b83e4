package io.groupbridge.directory;

import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllSSLSocketVerifier;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the agent's connection pools to the directory. Each pool's connections are bound as one account and go to the
 * first server of the endpoint that answers ({@link FailoverServerSet}); a connection to a later server is replaced
 * after {@link #FAILBACK_AFTER}, so that the agent returns to the first once it is back. Over TLS the server's
 * certificate must chain to a trusted CA (the configured PEM file, else the JVM's trust store) and name the host
 * connected to, unless the connector was made insecure for a lab, where both checks are off.
 */
public final class LdapConnector {

    /*
     * Long enough that a flapping first server does not make every operation reconnect, short enough that a
     * failover does not leave the agent on a replica for the rest of the day.
     */
    static final Duration FAILBACK_AFTER = Duration.ofMinutes(15);

    private final LdapEndpoint endpoint;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Optional<Path> trustedCertificates;
    private final boolean insecure;

    /**
     * @param trustedCertificates a PEM file of the CAs to trust instead of the JVM's trust store, or empty
     * @param insecure accept any certificate for any host name; {@code trustedCertificates} is then not used
     */
    public LdapConnector(LdapEndpoint endpoint, Duration connectTimeout, Duration responseTimeout,
            Optional<Path> trustedCertificates, boolean insecure) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.trustedCertificates = trustedCertificates;
        this.insecure = insecure;
    }

    public LdapEndpoint endpoint() {
        return endpoint;
    }

    /**
     * A pool of at most {@code size} connections bound as {@code bindDn}, opened as they are first needed, so that a
     * directory that is down when the agent starts is only an error once something reads or writes it. Synchronous
     * mode makes search listeners run on the calling thread, so a reconcile can write each entry to its store
     * transaction as it arrives. A borrower waits up to the response timeout for a connection when all are in use.
     *
     * @param name what the pool is for, in the SDK's debug log and thread names
     * @param bindPassword kept by the pool to bind its connections; never logged
     * @throws DirectoryException when TLS cannot be set up (an unreadable {@code trustedCertificates} file)
     */
    public LdapPool pool(String name, String bindDn, String bindPassword, int size) throws DirectoryException {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one connection, was " + size);
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setUseSynchronousMode(true);
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        options.setResponseTimeoutMillis(responseTimeout.toMillis());
        options.setSSLSocketVerifier(insecure ? TrustAllSSLSocketVerifier.getInstance()
                : new HostNameSSLSocketVerifier(true));
        try {
            // Plain ldap:// builds no trust manager: the JVM's default one reads the whole cacerts file, which a
            // one-shot command would pay for at every start (issue 13, point 8).
            SSLUtil ssl = endpoint.ssl() || endpoint.startTls() ? new SSLUtil(trustManager()) : null;
            String[] hosts = endpoint.servers().stream().map(LdapEndpoint.Server::host).toArray(String[]::new);
            int[] ports = endpoint.servers().stream().mapToInt(LdapEndpoint.Server::port).toArray();
            FailoverServerSet servers = new FailoverServerSet(hosts, ports,
                    endpoint.ssl() ? ssl.createSSLSocketFactory() : null, options);
            servers.setMaxFailoverConnectionAgeMillis(FAILBACK_AFTER.toMillis());
            PostConnectProcessor startTls = endpoint.startTls()
                    ? new StartTLSPostConnectProcessor(ssl.createSSLContext())
                    : null;
            // The root DSE, read on checkout and in the background, finds connections the server or a firewall
            // closed while they were idle (Active Directory drops them after 15 minutes) before an operation fails.
            GetEntryLDAPConnectionPoolHealthCheck healthCheck = new GetEntryLDAPConnectionPoolHealthCheck("",
                    connectTimeout.toMillis(), false, false, true, false, true, false);
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, new SimpleBindRequest(bindDn, bindPassword), 0,
                    size, 1, startTls, false, healthCheck);
            pool.setConnectionPoolName("groupbridge " + name);
            pool.setCreateIfNecessary(false);
            pool.setMaxWaitTimeMillis(responseTimeout.toMillis());
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            return new LdapPool(pool, this, bindDn);
        } catch (LDAPException e) {
            throw new DirectoryException("set up a connection pool for", endpoint.toString(), e);
        } catch (GeneralSecurityException e) {
            throw new DirectoryException("set up TLS for", endpoint.toString(),
                    new LDAPException(ResultCode.LOCAL_ERROR, e.getMessage(), e));
        }
    }

    private X509TrustManager trustManager() throws GeneralSecurityException {
        if (insecure) {
            return new TrustAllTrustManager(false);
        }
        return trustedCertificates.isPresent()
                ? new PEMFileTrustManager(trustedCertificates.get().toFile())
                : JVMDefaultTrustManager.getInstance();
    }

    /**
     * The innermost cause says what actually went wrong, which the SDK's outer messages bury. When that is not a
     * network error on a TLS connection, the client refused the server's certificate, so the message also says what
     * it must be.
     */
    String connectProblem(LDAPException e) {
        Throwable innermost = e;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        String problem = Objects.toString(innermost.getMessage(), innermost.getClass().getSimpleName());
        if (!(endpoint.ssl() || endpoint.startTls()) || innermost instanceof IOException) {
            return problem;
        }
        return problem + " The server's certificate must be signed by "
                + trustedCertificates.map(p -> "a CA in " + p + " (directory.trustedCertificates)")
                        .orElse("a CA in the JVM's trust store (or set directory.trustedCertificates)")
                + " and name " + endpoint.hosts() + ".";
    }
}
