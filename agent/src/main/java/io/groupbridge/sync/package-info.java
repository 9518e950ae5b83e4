/**
 * The sync use cases: read the directory into the store and write approved changes back, one change model for full
 * and incremental runs. {@link io.groupbridge.sync.Reconciler} streams entries from a
 * {@link io.groupbridge.sync.SnapshotSource}, compares each with the fingerprint the
 * {@link io.groupbridge.sync.ReconcileStore} holds, and applies the difference in one store transaction with the
 * checkpoint (spec Y2-Y5), behind the {@link io.groupbridge.sync.Failsafe}. {@link io.groupbridge.sync.OutboxRelay}
 * sends the {@link io.groupbridge.sync.Outbox}'s rows through a {@link io.groupbridge.sync.MembershipWriter} (W1-W5).
 * {@link io.groupbridge.sync.SyncCycle} is reconcile, then drift, then write-back, as the CLI and the daemon both run
 * it. The ports are declared here and implemented in {@code directory} and {@code store}; this package imports
 * {@code model} and no other groupbridge package, no LDAP SDK and no SQL (ArchitectureTest).
 */
package io.groupbridge.sync;
