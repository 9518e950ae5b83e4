package io.groupbridge;

import io.groupbridge.config.DirectoryConfig;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.RolesConfig;
import io.groupbridge.config.SettingsConfig;
import io.groupbridge.directory.EntryMapper;
import io.groupbridge.directory.LdapCredentials;
import io.groupbridge.directory.LdapDirectoryNames;
import io.groupbridge.notify.NotificationSink;
import io.groupbridge.notify.Notifiers;
import io.groupbridge.selfservice.AdminRole;
import io.groupbridge.selfservice.OwnerAssignment;
import io.groupbridge.selfservice.PremiumLicense;
import io.groupbridge.selfservice.RestrictMyGroups;
import io.groupbridge.selfservice.SelfServiceActions;
import io.groupbridge.selfservice.SelfServiceOptions;
import io.groupbridge.selfservice.ServicePrincipal;
import io.groupbridge.selfservice.SignIn;
import io.groupbridge.selfservice.TenantSettings;
import io.groupbridge.store.JdbiSelfServiceStore;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the self-service side of the graph (spec A, R, A16) from an open {@link GroupbridgeApp}: the action service
 * over the store, and the sign-in over the directory. Kept apart from the composition root so the two grow
 * independently; it uses only what the root exposes.
 */
public final class SelfServiceWiring implements AutoCloseable {

    private final SelfServiceActions actions;
    private final SignIn signIn;
    private final NotificationSink notifications;

    private SelfServiceWiring(SelfServiceActions actions, SignIn signIn, NotificationSink notifications) {
        this.actions = actions;
        this.signIn = signIn;
        this.notifications = notifications;
    }

    /** @throws IOException when the embedded directory cannot start */
    public static SelfServiceWiring open(GroupbridgeApp app, Clock clock) throws IOException {
        GroupbridgeConfig config = app.config();
        DirectoryConfig d = config.directory();
        JdbiSelfServiceStore store = app.store().selfServiceStore();
        LdapDirectoryNames names = new LdapDirectoryNames(d.groupBase(), config.mapping().groupNameAttribute());
        NotificationSink sink = Notifiers.fromConfig(config.notifications());
        SelfServiceOptions options = new SelfServiceOptions(tenantSettings(config.settings()), roleGroups(config.roles()),
                config.requests().expireAfter(), "groupOfNames", config.mapping().memberAttributes().get(0),
                SelfServiceOptions.DEFAULT_MAX_NAME_LENGTH);
        SelfServiceActions actions = new SelfServiceActions(store, names, options, sink, clock);
        LdapCredentials credentials = new LdapCredentials(app.directory(), d.peopleBase(), d.peopleFilter(),
                config.mapping().loginAttributes());
        SignIn signIn = new SignIn(credentials, store, actions, config.servicePrincipals().stream()
                .map(sp -> new ServicePrincipal(sp.name(), sp.dn(), sp.password().reveal())).toList(), clock);
        return new SelfServiceWiring(actions, signIn, sink);
    }

    public SelfServiceActions actions() {
        return actions;
    }

    public SignIn signIn() {
        return signIn;
    }

    /** The conf's S1-S7 in the rules' terms, DNs normalized, versioned as the audit log records it (S8). */
    public static TenantSettings tenantSettings(SettingsConfig s) {
        return new TenantSettings(s.ownersCanManageJoinRequests(), RestrictMyGroups.fromWireName(s.restrictMyGroups()),
                s.usersCanCreateSecurityGroups(), s.usersCanCreateUnifiedGroups(),
                s.unifiedGroupCreationAllowedGroup().map(SelfServiceWiring::normalize),
                OwnerAssignment.fromWireName(s.ownerAssignment()),
                s.ownerAssignmentSelected().stream().map(SelfServiceWiring::normalize).collect(Collectors.toSet()),
                s.premiumLicense().equals(PremiumLicense.ALL_USERS) ? PremiumLicense.allUsers()
                        : PremiumLicense.group(normalize(s.premiumLicense())),
                s.version());
    }

    private static Map<AdminRole, String> roleGroups(RolesConfig roles) {
        Map<AdminRole, String> result = new EnumMap<>(AdminRole.class);
        put(result, AdminRole.GROUPS_ADMINISTRATOR, roles.groupsAdministrators());
        put(result, AdminRole.USER_ADMINISTRATOR, roles.userAdministrators());
        put(result, AdminRole.GLOBAL_ADMINISTRATOR, roles.globalAdministrators());
        return result;
    }

    private static void put(Map<AdminRole, String> map, AdminRole role, Optional<String> dn) {
        dn.ifPresent(v -> map.put(role, normalize(v)));
    }

    // The conf loader already checked these are DNs.
    private static String normalize(String dn) {
        return EntryMapper.normalize(dn).orElse(dn);
    }

    @Override
    public void close() {
        notifications.close();
    }
}
