package io.groupbridge.store;

/** The group store could not be opened, migrated or written; the message names the store, never a secret. */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
