package io.groupbridge.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The whole validated conf file. Built by {@link ConfigLoader}; every component is non-null.
 *
 * @param source the absolute, normalized path of the file it was read from
 * @param home the folder relative paths in the conf resolve against: the parent of the folder holding the file
 * @param metrics read by the daemon at its start
 * @param http    the web panel and REST API listener, read by the daemon at its start
 * @param governance time-bound memberships and the naming policy (issue 16)
 */
public record GroupbridgeConfig(Path source, Path home, DirectoryConfig directory, MappingConfig mapping,
        StoreConfig store, SettingsConfig settings, RolesConfig roles, List<ServicePrincipalConfig> servicePrincipals,
        ScheduleConfig schedule, RequestsConfig requests, ReconcileConfig reconcile, WriteBackConfig writeBack,
        NotificationsConfig notifications, MetricsConfig metrics, HttpConfig http, GovernanceConfig governance) {

    public GroupbridgeConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(roles, "roles");
        servicePrincipals = List.copyOf(servicePrincipals);
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(reconcile, "reconcile");
        Objects.requireNonNull(writeBack, "writeBack");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(governance, "governance");
    }
}
