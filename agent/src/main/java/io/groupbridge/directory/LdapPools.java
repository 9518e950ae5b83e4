package io.groupbridge.directory;

/**
 * The agent's three connection pools to one directory, built once by the composition root and closed with it: reads
 * for reconciles, writes for the write-back (as {@code directory.writeBindDn} when the conf names one), and sign-ins,
 * whose connections are re-bound as the agent after each password check. Kept apart so that a long reconcile never
 * makes a sign-in wait, and a sign-in never runs on a connection another user's operation is using.
 */
public record LdapPools(LdapPool reads, LdapPool writes, LdapPool signIns) implements AutoCloseable {

    public LdapEndpoint endpoint() {
        return reads.endpoint();
    }

    @Override
    public void close() {
        try (LdapPool r = reads; LdapPool w = writes; LdapPool s = signIns) {
            // Closing all three, even when one of them fails to close.
        }
    }
}
