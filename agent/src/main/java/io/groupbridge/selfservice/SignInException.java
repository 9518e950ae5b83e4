package io.groupbridge.selfservice;

/**
 * A sign-in failed (spec A16). The message is the same whether the account does not exist or the password is wrong,
 * so it tells nobody which accounts exist.
 */
public final class SignInException extends Exception {

    private static final long serialVersionUID = 1L;

    public static final String INVALID_CREDENTIALS = "invalid credentials";

    public SignInException() {
        super(INVALID_CREDENTIALS);
    }
}
