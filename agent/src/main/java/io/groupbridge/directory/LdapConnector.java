package io.groupbridge.directory;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Opens authenticated connections to the directory as the agent's service account. Certificates and host names
 * are checked against the JVM's trust store.
 */
public final class LdapConnector {

    private final LdapEndpoint endpoint;
    private final String bindDn;
    private final String bindPassword;
    private final Duration connectTimeout;
    private final Duration responseTimeout;

    /** @param bindPassword kept only to bind; never logged */
    public LdapConnector(LdapEndpoint endpoint, String bindDn, String bindPassword, Duration connectTimeout,
            Duration responseTimeout) {
        this.endpoint = endpoint;
        this.bindDn = bindDn;
        this.bindPassword = bindPassword;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    public LdapEndpoint endpoint() {
        return endpoint;
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
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        try {
            SSLUtil ssl = new SSLUtil(JVMDefaultTrustManager.getInstance());
            LDAPConnection connection = endpoint.ssl()
                    ? new LDAPConnection(ssl.createSSLSocketFactory(), options, endpoint.host(), endpoint.port())
                    : new LDAPConnection(options, endpoint.host(), endpoint.port());
            if (endpoint.startTls()) {
                startTls(connection, ssl.createSSLContext());
            }
            return connection;
        } catch (LDAPException e) {
            throw new DirectoryException("connect to", endpoint.toString(), e);
        } catch (GeneralSecurityException e) {
            throw new DirectoryException("set up TLS for", endpoint.toString(),
                    new LDAPException(ResultCode.LOCAL_ERROR, e.getMessage(), e));
        }
    }

    private void startTls(LDAPConnection connection, SSLContext context) throws LDAPException {
        ExtendedResult result = connection.processExtendedOperation(new StartTLSExtendedRequest(context));
        if (result.getResultCode() != ResultCode.SUCCESS) {
            connection.close();
            throw new LDAPException(result);
        }
    }
}
