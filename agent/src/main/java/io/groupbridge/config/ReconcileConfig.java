package io.groupbridge.config;

import java.time.Duration;

/**
 * Limits of a reconcile run.
 *
 * @param batchSize rows gathered before they go to the store (a batch, or a COPY), default 1000
 * @param maxRemovalShare share (0 to 1) of the store's groups or memberships a single run may remove before it stops
 *     as a likely directory outage or wrong base instead, default 0.30
 * @param largeGroupThreshold member count from which a group is treated as large, default 200
 * @param allowEmptyDirectory let a full run that reads no people or no groups succeed on a store without groups,
 *     for a directory that is empty on purpose; default false, since a wrong bind, base or filter reads the same
 * @param removalWindow how far back the people and groups removed by earlier runs count against
 *     {@code maxRemovalShare} together with a run's own, default 1 hour
 */
public record ReconcileConfig(int batchSize, double maxRemovalShare, int largeGroupThreshold,
        boolean allowEmptyDirectory, Duration removalWindow) {

    public ReconcileConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        if (!(maxRemovalShare >= 0 && maxRemovalShare <= 1)) {
            throw new IllegalArgumentException("maxRemovalShare must be between 0 and 1");
        }
        if (largeGroupThreshold < 1) {
            throw new IllegalArgumentException("largeGroupThreshold must be at least 1");
        }
        if (removalWindow.isNegative() || removalWindow.isZero()) {
            throw new IllegalArgumentException("removalWindow must be a positive duration");
        }
    }
}
