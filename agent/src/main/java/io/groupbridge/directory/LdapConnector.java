package io.groupbridge.directory;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * Opens authenticated connections to the directory as the agent's service account. Over TLS the server's
 * certificate must chain to a trusted CA (the configured PEM file, else the JVM's trust store) and name the host
 * connected to, unless the connector was made insecure for a lab, where both checks are off.
 */
public final class LdapConnector {

    private final LdapEndpoint endpoint;
    private final String bindDn;
    private final String bindPassword;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Optional<Path> trustedCertificates;
    private final boolean insecure;

    /**
     * @param bindPassword kept only to bind; never logged
     * @param trustedCertificates a PEM file of the CAs to trust instead of the JVM's trust store, or empty
     * @param insecure accept any certificate for any host name; {@code trustedCertificates} is then not used
     */
    public LdapConnector(LdapEndpoint endpoint, String bindDn, String bindPassword, Duration connectTimeout,
            Duration responseTimeout, Optional<Path> trustedCertificates, boolean insecure) {
        this.endpoint = endpoint;
        this.bindDn = bindDn;
        this.bindPassword = bindPassword;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.trustedCertificates = trustedCertificates;
        this.insecure = insecure;
    }

    public LdapEndpoint endpoint() {
        return endpoint;
    }

    /** The DN {@link #connect()} binds as. */
    public String bindDn() {
        return bindDn;
    }

    /**
     * A connection bound as the agent. Synchronous mode makes search listeners run on the calling thread, so a
     * reconcile can write each entry to its store transaction as it arrives.
     */
    public LDAPConnection connect() throws DirectoryException {
        LDAPConnection connection = open();
        try {
            connection.bind(bindDn, bindPassword);
            return connection;
        } catch (LDAPException e) {
            connection.close();
            throw new DirectoryException("bind as", bindDn, e);
        }
    }

    /**
     * An unauthenticated connection, for checking someone else's credentials with a bind of their own.
     */
    public LDAPConnection open() throws DirectoryException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setUseSynchronousMode(true);
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        options.setResponseTimeoutMillis(responseTimeout.toMillis());
        options.setSSLSocketVerifier(insecure ? TrustAllSSLSocketVerifier.getInstance()
                : new HostNameSSLSocketVerifier(true));
        try {
            SSLUtil ssl = new SSLUtil(trustManager());
            LDAPConnection connection = endpoint.ssl()
                    ? new LDAPConnection(ssl.createSSLSocketFactory(), options, endpoint.host(), endpoint.port())
                    : new LDAPConnection(options, endpoint.host(), endpoint.port());
            if (endpoint.startTls()) {
                try {
                    startTls(connection, ssl.createSSLContext());
                } catch (LDAPException | GeneralSecurityException e) {
                    connection.close();
                    throw e;
                }
            }
            return connection;
        } catch (LDAPException e) {
            throw new DirectoryException("connect to", endpoint.toString(), e, connectProblem(e));
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
    private String connectProblem(LDAPException e) {
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
                + " and name " + endpoint.host() + ".";
    }

    private void startTls(LDAPConnection connection, SSLContext context) throws LDAPException {
        ExtendedResult result = connection.processExtendedOperation(new StartTLSExtendedRequest(context));
        if (result.getResultCode() != ResultCode.SUCCESS) {
            throw new LDAPException(result);
        }
    }
}
