package io.groupbridge;

import io.groupbridge.config.DirectoryConfig;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.MappingConfig;
import io.groupbridge.config.RolesConfig;
import io.groupbridge.config.SettingsConfig;
import io.groupbridge.directory.EntryMapper;
import io.groupbridge.directory.LdapPool;
import io.groupbridge.directory.LdapCredentials;
import io.groupbridge.directory.LdapDirectoryNames;
import io.groupbridge.notify.Notifiers;
import io.groupbridge.selfservice.GroupTemplate;
import io.groupbridge.selfservice.NotificationSink;
import io.groupbridge.selfservice.PeopleSearch;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.SelfServiceOptions;
import io.groupbridge.selfservice.ServicePrincipal;
import io.groupbridge.selfservice.SignIn;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.OwnerAssignment;
import io.groupbridge.selfservice.rules.PremiumLicense;
import io.groupbridge.selfservice.rules.RestrictMyGroups;
import io.groupbridge.selfservice.rules.TenantSettings;
import io.groupbridge.store.JdbiSelfServiceStore;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Builds the self-service side of the graph (spec A, R, A16) from an open {@link GroupbridgeApp}: the action service
 * over the store, and the sign-in over the directory. Kept apart from the composition root so the two grow
 * independently; it uses only what the root exposes.
 *
 * <p>Decisions follow the conf in force when they are taken (spec S8, C3): {@link #actions()} and {@link #signIn()}
 * are built from the conf the supplier gives at that moment, and rebuilt when it gives another one. One action service
 * decides with one conf, so the settings version its audit entries record is the one its decision used. The
 * notification receivers are the exception: they are set up once, from the conf the wiring was opened with.
 *
 * <p>Thread-safe.
 */
public final class SelfServiceWiring implements AutoCloseable {

    private final Supplier<GroupbridgeConfig> conf;
    private final JdbiSelfServiceStore store;
    private final LdapPool signIns;
    private final NotificationSink notifications;
    private final Runnable outboxWritten;
    private final Clock clock;
    // Guarded by this.
    private Built built;

    /** The action service and sign-in for one conf. */
    private record Built(GroupbridgeConfig conf, SelfService actions, SignIn signIn) {
    }

    private SelfServiceWiring(Supplier<GroupbridgeConfig> conf, JdbiSelfServiceStore store, LdapPool signIns,
            NotificationSink notifications, Runnable outboxWritten, Clock clock) {
        this.conf = conf;
        this.store = store;
        this.signIns = signIns;
        this.notifications = notifications;
        this.outboxWritten = outboxWritten;
        this.clock = clock;
    }

    /**
     * With the conf the app was opened with, for a one-shot command.
     *
     * @throws IOException when the embedded directory cannot start
     */
    public static SelfServiceWiring open(GroupbridgeApp app, Clock clock) throws IOException {
        return open(app, app::config, () -> { }, clock);
    }

    /**
     * @param conf the conf in force, asked before each {@link #actions()} and {@link #signIn()}; the daemon passes
     *     its live conf. Its store and directory connection must be those the app was opened with.
     * @param outboxWritten run after each action that committed write-back rows; must not throw
     * @throws IOException when the embedded directory cannot start
     */
    public static SelfServiceWiring open(GroupbridgeApp app, Supplier<GroupbridgeConfig> conf, Runnable outboxWritten,
            Clock clock) throws IOException {
        GroupbridgeConfig first = conf.get();
        return new SelfServiceWiring(conf, app.store().selfServiceStore(), app.directory().signIns(),
                Notifiers.fromConfig(first.notifications(), clock), outboxWritten, clock);
    }

    /** The action service deciding with the conf in force now. */
    public SelfService actions() {
        return current().actions();
    }

    /** The people picker's search over the store's people (no conf in it, so one serves every conf). */
    public PeopleSearch people() {
        return new PeopleSearch(store);
    }

    /** Sign-in, whose actors get their roles from the conf in force now. */
    public SignIn signIn() {
        return current().signIn();
    }

    private synchronized Built current() {
        GroupbridgeConfig now = conf.get();
        if (built == null || built.conf() != now) {
            built = build(now);
        }
        return built;
    }

    private Built build(GroupbridgeConfig config) {
        DirectoryConfig d = config.directory();
        LdapDirectoryNames names = new LdapDirectoryNames(d.groupBase(), config.mapping().groupNameAttribute());
        SelfServiceOptions options = new SelfServiceOptions(tenantSettings(config.settings()),
                roleGroups(config.roles()),
                config.requests().expireAfter(), groupTemplate(config.mapping()),
                SelfServiceOptions.DEFAULT_MAX_NAME_LENGTH);
        SelfService actions = SelfService.over(store, names, options, notifications, outboxWritten, clock);
        LdapCredentials credentials = new LdapCredentials(signIns, d.peopleBase(), d.peopleFilter(),
                config.mapping().loginAttributes());
        SignIn signIn = new SignIn(credentials, store, actions.views(), config.servicePrincipals().stream()
                .map(sp -> new ServicePrincipal(sp.name(), sp.dn(), sp.password().reveal())).toList(), clock);
        return new Built(config, actions, signIn);
    }

    /** What the mapping makes of a group created through groupbridge. */
    static GroupTemplate groupTemplate(MappingConfig mapping) {
        List<String> classes = mapping.groupObjectClasses();
        // Each standard class has its own member attribute; any other class takes the first one the mapping reads.
        String memberAttribute = classes.stream().anyMatch(c -> c.equalsIgnoreCase("groupOfUniqueNames"))
                ? "uniqueMember"
                : classes.stream().anyMatch(c -> c.equalsIgnoreCase("groupOfNames")) ? "member"
                : mapping.memberAttributes().get(0);
        return new GroupTemplate(classes, memberAttribute, new EntryMapper(mapping).creatableKinds());
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
