package io.groupbridge.daemon;

import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.sync.SyncCycle;
import java.io.IOException;

/**
 * Builds the sync cycle for the conf in force at a job's cycle, so the reconcile and the write-back both follow a
 * live edit of the mapping, the bases, the limits and the write-back settings (spec C3).
 */
@FunctionalInterface
interface SyncCycles {

    /** @throws IOException when the directory cannot be reached or started */
    SyncCycle forConf(GroupbridgeConfig conf) throws IOException;
}
