package io.groupbridge.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

/**
 * A directory operation that failed, with what was being done, on which DN, the server's result code and its
 * diagnostic message. Whether a retry may help is decided here, once.
 */
public class DirectoryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String dn;
    private final ResultCode resultCode;

    public DirectoryException(String operation, String dn, LDAPException cause) {
        super(operation + " " + dn + " failed: " + cause.getResultCode() + describe(cause), cause);
        this.operation = operation;
        this.dn = dn;
        this.resultCode = cause.getResultCode();
    }

    /**
     * @param detail what the server's result does not say, such as why the client refused a TLS handshake; appended
     *     to the message
     */
    public DirectoryException(String operation, String dn, LDAPException cause, String detail) {
        super(operation + " " + dn + " failed: " + cause.getResultCode() + describe(cause) + ": " + detail, cause);
        this.operation = operation;
        this.dn = dn;
        this.resultCode = cause.getResultCode();
    }

    private static String describe(LDAPException e) {
        String diag = e.getDiagnosticMessage();
        return diag == null || diag.isBlank() ? "" : " (" + diag + ")";
    }

    public String operation() {
        return operation;
    }

    public String dn() {
        return dn;
    }

    public ResultCode resultCode() {
        return resultCode;
    }

    /** Connection-level failures and a busy or unavailable server may succeed later; data errors will not. */
    public boolean retryable() {
        return !ResultCode.isConnectionUsable(resultCode)
                || resultCode == ResultCode.BUSY
                || resultCode == ResultCode.UNAVAILABLE
                || resultCode == ResultCode.TIMEOUT
                || resultCode == ResultCode.SERVER_DOWN
                || resultCode == ResultCode.CONNECT_ERROR;
    }
}
