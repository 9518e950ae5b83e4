package io.groupbridge.directory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;

/**
 * Connections to the directory bound as one account, opened once and lent out again (issue 11, point 5), built by
 * {@link LdapConnector#pool}. A borrowed connection goes back to the pool only when the work on it ended and nothing
 * failed on it that may have broken it. A connection left by an exception in the middle of its work may still hold a
 * paged search the server keeps a cookie for, so it is closed and a new one takes its place. Binds as someone else run through {@link #checkPassword}, which binds as the pool's account
 * again before the connection is lent to anyone else.
 *
 * <p>Thread-safe; a {@link Lease} is not.
 */
public final class LdapPool implements AutoCloseable {

    private final LDAPConnectionPool pool;
    private final LdapConnector connector;
    private final String bindDn;

    LdapPool(LDAPConnectionPool pool, LdapConnector connector, String bindDn) {
        this.pool = pool;
        this.connector = connector;
        this.bindDn = bindDn;
    }

    /** The DN the pool's connections are bound as. */
    public String bindDn() {
        return bindDn;
    }

    public LdapEndpoint endpoint() {
        return connector.endpoint();
    }

    /** Work on one borrowed connection. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T on(LDAPConnection connection) throws LDAPException, E;
    }

    /**
     * Runs {@code work} on one connection, which no one else uses meanwhile: a paged or content-sync search keeps
     * its connection from the first page to the last.
     *
     * @throws DirectoryException when no connection can be opened or bound
     */
    public <T, E extends Exception> T withConnection(Work<T, E> work) throws DirectoryException, LDAPException, E {
        try (Lease lease = borrow()) {
            T result = work.on(lease.connection());
            lease.finished();
            return result;
        }
    }

    /**
     * A connection kept across several calls, such as a write-back run's; {@link Lease#close()} returns it.
     *
     * @throws DirectoryException when no connection can be opened or bound
     */
    public Lease borrow() throws DirectoryException {
        try {
            return new Lease(pool.getConnection());
        } catch (LDAPException e) {
            throw unavailable(e);
        }
    }

    /**
     * Opens a connection if the pool holds none, binds it, and keeps it for later.
     *
     * @throws DirectoryException when the directory does not answer or refuses the pool's bind
     */
    public void check() throws DirectoryException {
        try (Lease lease = borrow()) {
            lease.finished();
        }
    }

    /** One search on any connection of the pool; a connection found broken is replaced and the search sent again. */
    SearchResult search(SearchRequest request) throws LDAPException {
        return pool.search(request);
    }

    /**
     * Binds as someone else to check their password, then binds the connection as the pool's account again before
     * it goes back, or closes it when that fails ({@code releaseAndReAuthenticateConnection}), so that no one else's
     * operation runs with the checked identity. Unlike the SDK's {@code bindAndRevertAuthentication}, a pool that
     * cannot bind as its own account says so, rather than looking like a wrong password.
     *
     * @throws DirectoryException when no connection can be opened or bound as the pool's account
     * @throws LDAPException when the server refuses the bind, e.g. for a wrong password
     */
    BindResult checkPassword(BindRequest request) throws DirectoryException, LDAPException {
        LDAPConnection connection;
        try {
            connection = pool.getConnection();
        } catch (LDAPException e) {
            throw unavailable(e);
        }
        try {
            BindResult result = connection.bind(request);
            pool.releaseAndReAuthenticateConnection(connection);
            return result;
        } catch (LDAPException e) {
            if (ResultCode.isConnectionUsable(e.getResultCode())) {
                pool.releaseAndReAuthenticateConnection(connection);
            } else {
                pool.releaseDefunctConnection(connection);
            }
            throw e;
        } catch (RuntimeException e) {
            pool.releaseDefunctConnection(connection);
            throw e;
        }
    }

    /**
     * A refused bind is the server's answer (wrong password, locked account); anything else is a connection that
     * could not be made, for which the innermost cause says what actually went wrong.
     */
    DirectoryException unavailable(LDAPException e) {
        if (ResultCode.isConnectionUsable(e.getResultCode())) {
            return new DirectoryException("bind as", bindDn, e);
        }
        return new DirectoryException("connect to", endpoint().toString(), e, connector.connectProblem(e));
    }

    @Override
    public void close() {
        pool.close();
    }

    /**
     * A connection lent by the pool. Closing it returns it to the pool only when the borrower said its work
     * {@linkplain #finished() finished} and no failure on it {@linkplain #failed(LDAPException) left it unusable};
     * otherwise it is closed and replaced, since an exception may have cut a search short.
     */
    public final class Lease implements AutoCloseable {
        private final LDAPConnection connection;
        private boolean finished;
        private boolean broken;

        private Lease(LDAPConnection connection) {
            this.connection = connection;
        }

        public LDAPConnection connection() {
            return connection;
        }

        /** No operation is left half done on the connection. */
        public void finished() {
            finished = true;
        }

        /** An operation failed, and the connection stays in use only if the failure says it is still usable. */
        public void failed(LDAPException e) {
            if (!ResultCode.isConnectionUsable(e.getResultCode())) {
                broken = true;
            }
        }

        @Override
        public void close() {
            if (finished && !broken && connection.isConnected()) {
                pool.releaseConnection(connection);
            } else {
                pool.releaseDefunctConnection(connection);
            }
        }
    }
}
