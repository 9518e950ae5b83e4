package io.groupbridge.config;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import io.groupbridge.model.GroupKind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates {@code conf/groupbridge.yaml} (spec C1, C2).
 *
 * <p>Every key has a default except the bind DN and password of a real directory, so an empty file runs the embedded
 * demo. Unknown keys are rejected at every level. The first problem found is thrown as a {@link ConfigException}
 * carrying file, line, dotted key and what was expected; nothing is half-loaded, so a daemon reloading an edited file
 * can keep its last good config (C2). Relative paths resolve against the home folder: {@code GROUPBRIDGE_HOME} when
 * the environment sets it, else the parent of a {@code conf} folder that holds the file, else the file's own folder.
 *
 * <p>A loader keeps no state between calls and may be shared.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    /** The environment variable that names the home folder (conf/ and data/). */
    public static final String HOME_VARIABLE = "GROUPBRIDGE_HOME";
    private static final List<String> ROOT_KEYS = List.of("directory", "mapping", "store", "settings", "roles",
            "servicePrincipals", "schedule", "requests", "reconcile", "writeBack", "notifications", "metrics", "http",
            "governance");
    private static final List<String> DIRECTORY_KEYS = List.of("url", "bindDn", "bindPassword", "startTls",
            "connectTimeout", "responseTimeout", "pageSize", "peopleBase", "groupBase", "peopleFilter", "groupFilter",
            "embedded", "trustedCertificates", "writeBindDn", "writeBindPassword", "insecure", "poolSize",
            "writePoolSize", "signInPoolSize");
    private static final List<String> EMBEDDED_KEYS = List.of("port", "dataFile", "seedLdif", "suffix");
    private static final List<String> MAPPING_KEYS = List.of("stableIdAttribute", "loginAttributes",
            "personNameAttribute", "personMailAttribute", "personObjectClass", "memberAttributes", "ownerAttribute",
            "groupNameAttribute", "descriptionAttribute", "kindAttribute", "mailAttribute", "channelAttribute",
            "membershipRuleAttribute", "roleAssignableAttribute", "channelRules", "groupObjectClasses", "profile");
    private static final List<String> CHANNEL_RULE_KEYS = List.of("base", "channel");
    private static final List<String> STORE_KEYS = List.of("url", "username", "password", "maxPoolSize",
            "embeddedPort");
    private static final List<String> SETTINGS_KEYS = List.of("ownersCanManageJoinRequests", "restrictMyGroups",
            "usersCanCreateSecurityGroups", "usersCanCreateUnifiedGroups", "unifiedGroupCreationAllowedGroup",
            "ownerAssignment", "ownerAssignmentSelected", "premiumLicense");
    private static final List<String> ROLES_KEYS = List.of("groupsAdministrators", "userAdministrators",
            "globalAdministrators");
    private static final List<String> SERVICE_PRINCIPAL_KEYS = List.of("name", "dn", "password", "apiTokenSha256");
    private static final List<String> SCHEDULE_KEYS = List.of("incremental", "full", "writeBack", "shutdownTimeout",
            "cluster", "clusterCheckin");
    private static final List<String> REQUESTS_KEYS = List.of("expireAfter");
    private static final List<String> GOVERNANCE_KEYS = List.of("naming", "membership", "reviews",
            "expiration");
    private static final List<String> REVIEWS_KEYS = List.of("checkEvery", "schedules", "remindBefore");
    private static final List<String> REVIEW_SCHEDULE_KEYS = List.of("name", "group", "namePattern", "kind", "every",
            "duration", "default", "reviewer");
    private static final List<String> EXPIRATION_KEYS = List.of("lifetime", "kinds", "remindBefore", "restoreWindow",
            "checkEvery");
    private static final List<String> NAMING_KEYS = List.of("prefix", "suffix", "blockedWords");
    private static final List<String> MEMBERSHIP_KEYS = List.of("maxDuration", "requireEndDate", "checkEvery",
            "groups", "remindBefore");
    private static final List<String> GROUP_TERM_KEYS = List.of("group", "maxDuration", "requireEndDate");
    private static final List<String> METRICS_KEYS = List.of("jmx", "prometheusPort");
    private static final List<String> HTTP_KEYS = List.of("enabled", "bind", "port", "tls", "session", "publicUrl");
    private static final List<String> HTTP_TLS_KEYS = List.of("keyStore", "keyStorePassword");
    private static final List<String> HTTP_SESSION_KEYS = List.of("idleTimeout", "absoluteTimeout");
    private static final List<String> RECONCILE_KEYS = List.of("batchSize", "maxRemovalShare", "largeGroupThreshold", "removalWindow",
            "allowEmptyDirectory");
    private static final List<String> WRITE_BACK_KEYS = List.of("maxAttempts", "initialBackoff", "maxBackoff",
            "batchSize");
    private static final List<String> NOTIFICATIONS_KEYS = List.of("command", "webhook", "timeout", "maxAttempts",
            "mail");
    private static final List<String> MAIL_KEYS = List.of("host", "port", "security", "username", "password", "from",
            "templates", "maxAttempts", "initialBackoff", "maxBackoff", "sendEvery", "timeout");
    private static final List<String> WEBHOOK_KEYS = List.of("url", "header", "token");

    private static final Map<String, List<String>> ACCEPTED_KEYS = Map.ofEntries(Map.entry("", ROOT_KEYS),
            Map.entry("directory", DIRECTORY_KEYS), Map.entry("directory.embedded", EMBEDDED_KEYS),
            Map.entry("mapping", MAPPING_KEYS), Map.entry("mapping.channelRules[]", CHANNEL_RULE_KEYS),
            Map.entry("store", STORE_KEYS), Map.entry("settings", SETTINGS_KEYS), Map.entry("roles", ROLES_KEYS),
            Map.entry("servicePrincipals[]", SERVICE_PRINCIPAL_KEYS), Map.entry("schedule", SCHEDULE_KEYS),
            Map.entry("requests", REQUESTS_KEYS), Map.entry("metrics", METRICS_KEYS),
            Map.entry("reconcile", RECONCILE_KEYS), Map.entry("writeBack", WRITE_BACK_KEYS),
            Map.entry("notifications", NOTIFICATIONS_KEYS), Map.entry("notifications.webhook", WEBHOOK_KEYS),
            Map.entry("notifications.mail", MAIL_KEYS),
            Map.entry("http", HTTP_KEYS), Map.entry("http.tls", HTTP_TLS_KEYS),
            Map.entry("http.session", HTTP_SESSION_KEYS), Map.entry("governance", GOVERNANCE_KEYS),
            Map.entry("governance.naming", NAMING_KEYS), Map.entry("governance.membership", MEMBERSHIP_KEYS),
            Map.entry("governance.membership.groups[]", GROUP_TERM_KEYS),
            Map.entry("governance.reviews", REVIEWS_KEYS),
            Map.entry("governance.reviews.schedules[]", REVIEW_SCHEDULE_KEYS),
            Map.entry("governance.expiration", EXPIRATION_KEYS));

    private static final String EXAMPLE_BASE = "dc=example,dc=com";
    private static final String EMBEDDED_AGENT_RDN = "cn=groupbridge-agent,ou=services";
    private static final String EMBEDDED_BIND_PASSWORD = "agent-secret";
    private static final int EMBEDDED_PORT = 10389;
    /* The in-memory server re-scans its entries for every simple-paged-results page, so streaming unpaged is faster. */
    private static final int EMBEDDED_PAGE_SIZE = 0;
    private static final int PAGE_SIZE = 1000;

    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+");
    private static final String ATTRIBUTE_EXPECTED = "an LDAP attribute name such as mail";
    private static final List<String> STRUCTURAL_GROUP_CLASSES = List.of("groupofnames", "groupofuniquenames", "group");
    private static final String GB_GROUP_CLASS = "gbgroup";
    /* Quartz cron: seconds minutes hours day-of-month month day-of-week [year]. */
    private static final Pattern CRON = Pattern.compile("\\S+(\\s+\\S+){5,6}");
    /* RFC 9110 token characters. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /* Set by the agent or by Java's HTTP client, which refuses to let callers set them. */
    private static final List<String> RESERVED_HEADERS = List.of("connection", "content-length", "content-type",
            "expect", "host", "upgrade");

    private final Map<String, String> environment;
    private final YamlTreeReader reader = new YamlTreeReader();

    /**
     * @param environment where {@code ${env:NAME}} secrets are looked up, normally {@code System.getenv()}; copied,
     *     must not be {@code null}
     */
    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Every key the loader accepts, by the dotted path of its section: {@code ""} for the top level,
     * {@code directory.embedded}, and {@code []} for each item of a list ({@code servicePrincipals[]}). For the conf's
     * JSON Schema and {@code conf show --effective}, which must name the same keys.
     */
    public static Map<String, List<String>> acceptedKeys() {
        return ACCEPTED_KEYS;
    }

    /*
     * A conf given with -c from elsewhere (/etc/groupbridge/groupbridge.yaml, say) must not put data/ in /etc: the
     * home the environment names wins, and a folder not named conf is a home of its own.
     */
    private Path home(Path source) {
        String named = environment.get(HOME_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Path.of(named).toAbsolutePath().normalize();
        }
        Path folder = source.getParent();
        boolean confFolder = folder.getFileName() != null && folder.getFileName().toString().equals("conf");
        return confFolder && folder.getParent() != null ? folder.getParent() : folder;
    }

    /**
     * @param file the conf file, usually {@code <home>/conf/groupbridge.yaml}
     * @throws ConfigException for the first problem found: unreadable file, YAML syntax, unknown key, wrong type or
     *     value, missing required value, unresolvable secret
     */
    public GroupbridgeConfig load(Path file) throws ConfigException {
        return read(file).config();
    }

    /**
     * A validated conf and the top-level sections its file names, from one read of the file, so that a running
     * daemon can tell an emptied or cut-short edit from one that merely leaves keys at their defaults.
     *
     * @param sections the top-level keys present in the file; empty for an empty document
     */
    public record Read(GroupbridgeConfig config, Set<String> sections) {
        public Read {
            Objects.requireNonNull(config, "config");
            sections = Set.copyOf(sections);
        }
    }

    /** Like {@link #load}, and says which top-level sections the file has. */
    public Read read(Path file) throws ConfigException {
        Path source = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        Path home = home(source);
        ConfigContext context = new ConfigContext(source, home, environment, new ArrayList<>());
        Optional<YamlNode> document = reader.read(source);
        Section root = Section.root(context, document).allowOnly(ROOT_KEYS);
        Set<String> sections = document.filter(YamlNode.Mapping.class::isInstance)
                .map(d -> ((YamlNode.Mapping) d).fields().keySet()).orElse(Set.of());
        return new Read(load(context, root), sections);
    }

    private GroupbridgeConfig load(ConfigContext context, Section root) throws ConfigException {
        Path source = context.file();
        Path home = context.home();
        Section mappingSection = root.section("mapping").allowOnly(MAPPING_KEYS);
        DirectoryProfile profile = mappingSection.parsed("profile", DirectoryProfile::fromWireName,
                "one of " + String.join(", ", DirectoryProfile.NAMES)).orElse(DirectoryProfile.OPENLDAP);
        DirectoryConfig directory = directory(context, root.section("directory"), profile);
        StoreConfig store = store(context, root.section("store"));
        Section scheduleSection = root.section("schedule");
        ScheduleConfig schedule = schedule(scheduleSection);
        checkCluster(scheduleSection, schedule, store, directory);
        if (!(directory.isEmbedded() && store.isEmbedded())) {
            warnIfOthersCanRead(source, context.inlineSecrets());
        }
        return new GroupbridgeConfig(source, home,
                directory,
                mapping(mappingSection, profile),
                store,
                settings(root.section("settings")),
                roles(root.section("roles")),
                servicePrincipals(root),
                schedule,
                requests(root.section("requests")),
                reconcile(root.section("reconcile")),
                writeBack(root.section("writeBack")),
                notifications(context, root.section("notifications")),
                metrics(root.section("metrics")),
                http(context, root.section("http")),
                governance(root.section("governance")));
    }

    /*
     * A warning, not an error: refusing a readable conf would stop a running setup over a file mode. Not for the
     * demo (embedded directory and store), whose inline passwords are the published ones of the demo data.
     */
    private static void warnIfOthersCanRead(Path file, List<String> inlineSecrets) {
        if (inlineSecrets.isEmpty()) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return;
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            LOG.warn("{} holds secrets inline ({}) and other users can read it ({}): run chmod 600 {}, or give them as"
                    + " file:/path or ${env:NAME}", file, String.join(", ", inlineSecrets),
                    PosixFilePermissions.toString(permissions), file);
        }
    }

    private static DirectoryConfig directory(ConfigContext context, Section s, DirectoryProfile profile)
            throws ConfigException {
        s.allowOnly(DIRECTORY_KEYS);
        String url = s.parsed("url", ConfigLoader::directoryUrl, LdapUrl.EXPECTED).orElse(DirectoryConfig.EMBEDDED);
        boolean embedded = url.equals(DirectoryConfig.EMBEDDED);
        EmbeddedConfig embeddedConfig = embedded(context, s.section("embedded"));
        // The demo's names under the embedded directory's suffix; a real directory has no such defaults to offer.
        String base = embedded ? embeddedConfig.suffix() : EXAMPLE_BASE;
        Optional<String> bindDn = s.dn("bindDn");
        Optional<Secret> bindPassword = s.secret("bindPassword");
        if (!embedded && bindDn.isEmpty()) {
            throw s.missing("bindDn", "the DN the agent binds as, e.g. cn=groupbridge,ou=services,dc=corp,dc=example");
        }
        if (!embedded && bindPassword.isEmpty()) {
            throw s.missing("bindPassword", "the bind password as " + ConfigContext.SECRET_FORMS);
        }
        boolean startTls = s.bool("startTls", false);
        if (startTls && url.regionMatches(true, 0, "ldaps:", 0, 6)) {
            throw s.invalid("startTls", "StartTLS cannot be used on an ldaps:// connection, which is already encrypted",
                    "false with ldaps://, or an ldap:// url");
        }
        Optional<Path> trusted = s.parsed("trustedCertificates", context::resolvePath, "a file path");
        if (trusted.isPresent() && !trusted.get().toFile().isFile()) {
            throw s.invalid("trustedCertificates", "file " + trusted.get() + " does not exist",
                    "a PEM file with the CA certificates that sign the directory server's certificate");
        }
        boolean insecure = s.bool("insecure", false);
        if (insecure && !startTls && !url.regionMatches(true, 0, "ldaps:", 0, 6)) {
            throw s.invalid("insecure", "turns off certificate checks, but the connection is not encrypted",
                    "false, or an ldaps:// url, or startTls: true");
        }
        return new DirectoryConfig(url,
                bindDn.orElse(EMBEDDED_AGENT_RDN + "," + base),
                bindPassword.orElse(Secret.of(EMBEDDED_BIND_PASSWORD)),
                startTls,
                s.duration("connectTimeout", Duration.ofSeconds(10)),
                s.duration("responseTimeout", Duration.ofMinutes(5)),
                s.integer("pageSize", embedded ? EMBEDDED_PAGE_SIZE : PAGE_SIZE, 0, Integer.MAX_VALUE,
                        "an integer of at least 0 (0 searches without paging)"),
                s.dn("peopleBase").orElse("ou=people," + base),
                s.dn("groupBase").orElse("ou=groups," + base),
                s.parsed("peopleFilter", ConfigLoader::filter, "an LDAP filter such as (objectClass=inetOrgPerson)")
                        .orElse(profile.peopleFilter()),
                s.parsed("groupFilter", ConfigLoader::filter, "an LDAP filter such as (objectClass=groupOfNames)")
                        .orElse(profile.groupFilter()),
                embeddedConfig,
                trusted,
                writeBackAccount(s),
                insecure,
                s.integer("poolSize", 4, 2, 1000, "an integer from 2 to 1000 (a group search reads ranged values on a"
                        + " second connection)"),
                s.integer("writePoolSize", 2, 1, 1000, "an integer from 1 to 1000"),
                s.integer("signInPoolSize", 4, 1, 1000, "an integer from 1 to 1000"));
    }

    private static Optional<BindAccount> writeBackAccount(Section s) throws ConfigException {
        Optional<String> dn = s.dn("writeBindDn");
        Optional<Secret> password = s.secret("writeBindPassword");
        if (dn.isPresent() && password.isEmpty()) {
            throw s.missing("writeBindPassword", "the password of writeBindDn as " + ConfigContext.SECRET_FORMS);
        }
        if (password.isPresent() && dn.isEmpty()) {
            throw s.invalid("writeBindPassword", "is set but writeBindDn is not",
                    "writeBindDn with the DN the write-back binds as, or neither of the two");
        }
        return dn.map(d -> new BindAccount(d, password.get()));
    }

    private static EmbeddedConfig embedded(ConfigContext context, Section s) throws ConfigException {
        s.allowOnly(EMBEDDED_KEYS);
        int port = s.integer("port", EMBEDDED_PORT, 0, 65535, "a port from 0 to 65535 (0 picks any free port)");
        Path dataFile = s.parsed("dataFile", context::resolvePath, "a file path")
                .orElse(context.home().resolve("data").resolve("directory.ldif"));
        Optional<Path> seed = s.parsed("seedLdif", context::resolvePath, "a file path");
        if (seed.isPresent() && !seed.get().toFile().isFile()) {
            throw s.invalid("seedLdif", "file " + seed.get() + " does not exist",
                    "an existing LDIF file, or no value for the built-in demo data");
        }
        String suffix = s.dn("suffix").orElse(EXAMPLE_BASE);
        if (seed.isEmpty() && !DistinguishedNames.normalize(suffix).equals(EXAMPLE_BASE)) {
            throw s.invalid("suffix", "the built-in demo data is under " + EXAMPLE_BASE + ", not " + suffix,
                    "a seedLdif whose entries are under " + suffix + ", or no suffix for the demo data");
        }
        return new EmbeddedConfig(port, dataFile, seed, suffix);
    }

    private static MappingConfig mapping(Section s, DirectoryProfile profile) throws ConfigException {
        List<ChannelRule> rules = new ArrayList<>();
        for (Section r : s.sections("channelRules", "a rule with base: and channel:",
                "a list of rules, each with base: and channel:")) {
            r.allowOnly(CHANNEL_RULE_KEYS);
            String base = r.dn("base").orElseThrow(() -> r.missing("base", DistinguishedNames.EXPECTED));
            String channel = r.oneOf("channel", ChannelRule.CHANNELS)
                    .orElseThrow(() -> r.missing("channel", "one of " + String.join(", ", ChannelRule.CHANNELS)));
            rules.add(new ChannelRule(base, channel));
        }
        List<String> groupClasses = s.texts("groupObjectClasses", ConfigLoader::attributeName,
                "an LDAP object class name", "a list of object class names such as [groupOfNames, gbGroup]");
        if (groupClasses.isEmpty() && s.isSet("groupObjectClasses")) {
            throw s.invalid("groupObjectClasses", "the list is empty", "at least the structural group class");
        }
        MappingConfig mapping = new MappingConfig(
                attribute(s, "stableIdAttribute", profile.stableIdAttribute()),
                attributes(s, "loginAttributes", profile.loginAttributes()),
                attribute(s, "personNameAttribute", "cn"),
                attribute(s, "personMailAttribute", "mail"),
                s.parsed("personObjectClass", ConfigLoader::attributeName, "an LDAP object class name")
                        .orElse(profile.personObjectClass()),
                attributes(s, "memberAttributes", profile.memberAttributes()),
                attribute(s, "ownerAttribute", profile.ownerAttribute()),
                attribute(s, "groupNameAttribute", "cn"),
                attribute(s, "descriptionAttribute", "description"),
                optionalAttribute(s, "kindAttribute", profile.kindAttribute()),
                attribute(s, "mailAttribute", "mail"),
                optionalAttribute(s, "channelAttribute", profile.channelAttribute()),
                optionalAttribute(s, "membershipRuleAttribute", "gbMembershipRule"),
                optionalAttribute(s, "roleAssignableAttribute", "gbRoleAssignable"),
                rules,
                groupClasses.isEmpty() ? profile.groupObjectClasses() : groupClasses,
                profile);
        checkCreatedGroupClasses(s, mapping);
        return mapping;
    }

    /*
     * A created group must be one the group filter finds again, and groupbridge's gb* attributes exist only with its
     * gbGroup class: caught here, a mismatch would otherwise park every create-group write-back.
     */
    private static void checkCreatedGroupClasses(Section s, MappingConfig mapping) throws ConfigException {
        List<String> classes = mapping.groupObjectClasses().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (classes.stream().noneMatch(STRUCTURAL_GROUP_CLASSES::contains)) {
            throw s.invalid("groupObjectClasses", "has no structural group class",
                    "a list with groupOfNames, groupOfUniqueNames or group");
        }
        if (classes.contains(GB_GROUP_CLASS)) {
            return;
        }
        for (String key : List.of("kindAttribute", "channelAttribute")) {
            String attribute = key.equals("kindAttribute") ? mapping.kindAttribute() : mapping.channelAttribute();
            if (attribute.toLowerCase(Locale.ROOT).startsWith("gb")) {
                throw s.invalid(s.isSet(key) || !s.isSet("groupObjectClasses") ? key : "groupObjectClasses",
                        key + " " + attribute + " belongs to groupbridge's schema, but groupObjectClasses "
                                + mapping.groupObjectClasses() + " has no gbGroup",
                        "gbGroup in groupObjectClasses, or " + key + ": none on a directory without groupbridge's"
                                + " schema");
            }
        }
    }

    private static StoreConfig store(ConfigContext context, Section s) throws ConfigException {
        s.allowOnly(STORE_KEYS);
        String url = s.parsed("url", ConfigLoader::storeUrl, "embedded or a jdbc: URL").orElse(StoreConfig.EMBEDDED);
        boolean embedded = url.equals(StoreConfig.EMBEDDED);
        return new StoreConfig(url,
                s.text("username", embedded ? "SA" : ""),
                s.secret("password").orElse(Secret.of("")),
                s.integer("maxPoolSize", 10, 1, 1000, "an integer from 1 to 1000"),
                s.integer("embeddedPort", StoreConfig.DEFAULT_EMBEDDED_PORT, 1, 65535, "a port from 1 to 65535"),
                context.home().resolve("data").resolve("store").resolve("groupbridge"));
    }

    private static SettingsConfig settings(Section s) throws ConfigException {
        s.allowOnly(SETTINGS_KEYS);
        SettingsConfig defaults = SettingsConfig.defaults();
        String ownerAssignment = s.oneOf("ownerAssignment", defaults.ownerAssignment(), SettingsConfig.OWNER_ASSIGNMENT);
        return new SettingsConfig(
                s.bool("ownersCanManageJoinRequests", defaults.ownersCanManageJoinRequests()),
                s.oneOf("restrictMyGroups", defaults.restrictMyGroups(), SettingsConfig.RESTRICT_MY_GROUPS),
                s.bool("usersCanCreateSecurityGroups", defaults.usersCanCreateSecurityGroups()),
                s.bool("usersCanCreateUnifiedGroups", defaults.usersCanCreateUnifiedGroups()),
                s.dn("unifiedGroupCreationAllowedGroup"),
                ownerAssignment,
                s.texts("ownerAssignmentSelected", DistinguishedNames::requireValid, DistinguishedNames.EXPECTED,
                        "a list of distinguished names, one per \"- \" line"),
                s.parsed("premiumLicense", ConfigLoader::premiumLicense,
                        SettingsConfig.ALL_USERS + " or " + DistinguishedNames.EXPECTED).orElse(defaults.premiumLicense()));
    }

    private static GovernanceConfig governance(Section s) throws ConfigException {
        s.allowOnly(GOVERNANCE_KEYS);
        Section naming = s.section("naming").allowOnly(NAMING_KEYS);
        String prefix = namingPattern(naming, "prefix");
        String suffix = namingPattern(naming, "suffix");
        List<String> blocked = naming.texts("blockedWords", ConfigLoader::blockedWord,
                "a word of letters and digits", "a list of words, one per \"- \" line");
        Section m = s.section("membership").allowOnly(MEMBERSHIP_KEYS);
        Optional<Duration> max = m.isSet("maxDuration") ? Optional.of(m.duration("maxDuration", Duration.ZERO))
                : Optional.empty();
        List<GovernanceConfig.GroupTerm> groups = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Section g : m.sections("groups", "a group with group: and maxDuration: or requireEndDate:",
                "a list of groups, each a \"- group: DN\" item")) {
            g.allowOnly(GROUP_TERM_KEYS);
            String dn = g.dn("group").orElseThrow(() -> g.missing("group", DistinguishedNames.EXPECTED));
            if (!seen.add(DistinguishedNames.normalize(dn))) {
                throw g.invalid("group", "names a group an earlier item already names", "each group once");
            }
            Optional<Duration> groupMax = g.isSet("maxDuration") ? Optional.of(g.duration("maxDuration",
                    Duration.ZERO)) : Optional.empty();
            Optional<Boolean> require = g.isSet("requireEndDate") ? Optional.of(g.bool("requireEndDate", false))
                    : Optional.empty();
            if (groupMax.isEmpty() && require.isEmpty()) {
                throw g.missing("maxDuration", "maxDuration:, requireEndDate: or both");
            }
            groups.add(new GovernanceConfig.GroupTerm(dn, groupMax, require));
        }
        return new GovernanceConfig(new GovernanceConfig.Naming(prefix, suffix, blocked),
                new GovernanceConfig.Membership(max, m.bool("requireEndDate", false),
                        m.duration("checkEvery", Duration.ofHours(1)), groups,
                        m.duration("remindBefore", GovernanceConfig.DEFAULT_REMIND_BEFORE)),
                reviews(s.section("reviews").allowOnly(REVIEWS_KEYS)),
                expiration(s.section("expiration").allowOnly(EXPIRATION_KEYS)));
    }

    private static GovernanceConfig.Reviews reviews(Section r) throws ConfigException {
        List<GovernanceConfig.ReviewSchedule> schedules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Section item : r.sections("schedules", "a schedule with name:, every:, duration: and group: or"
                + " namePattern:/kind:", "a list of schedules, each a \"- name: NAME\" item")) {
            item.allowOnly(REVIEW_SCHEDULE_KEYS);
            String name = item.text("name").orElseThrow(() -> item.missing("name", "a name for the schedule"));
            if (!names.add(name)) {
                throw item.invalid("name", "names a schedule an earlier item already names", "each name once");
            }
            Optional<String> group = item.dn("group");
            Optional<String> pattern = item.text("namePattern");
            Optional<String> kind = item.oneOf("kind", List.of("security", "unified", "distribution"));
            if (group.isPresent() && (pattern.isPresent() || kind.isPresent())) {
                throw item.invalid("group", "is given with namePattern: or kind:", "group: alone, or a filter of"
                        + " namePattern:, kind: or both");
            }
            if (group.isEmpty() && pattern.isEmpty() && kind.isEmpty()) {
                throw item.missing("group", "group:, or namePattern:, kind: or both");
            }
            if (!item.isSet("every")) {
                throw item.missing("every", "how often a review starts, such as 90d");
            }
            if (!item.isSet("duration")) {
                throw item.missing("duration", "how long each review lasts, such as 14d");
            }
            Duration every = item.duration("every", Duration.ZERO);
            Duration duration = item.duration("duration", Duration.ZERO);
            if (duration.compareTo(every) > 0) {
                throw item.invalid("duration", "is longer than every:", "at most every:, so that a review ends"
                        + " before the next one starts");
            }
            boolean remove = item.oneOf("default", "keep", List.of("keep", "remove")).equals("remove");
            schedules.add(new GovernanceConfig.ReviewSchedule(name, group, pattern, kind, every, duration, remove,
                    item.dn("reviewer")));
        }
        List<String> days = r.texts("remindBefore", ConfigLoader::reminderDays, "a whole number of days from 1 to"
                + " 3650", "a list of days, such as [7, 1]");
        List<Integer> remind = days.isEmpty() && !r.isSet("remindBefore") ? GovernanceConfig.Reviews.DEFAULT_REMINDERS
                : days.stream().map(Integer::valueOf).toList();
        return new GovernanceConfig.Reviews(r.duration("checkEvery", Duration.ofHours(1)), schedules, remind);
    }

    private static GovernanceConfig.Expiration expiration(Section e) throws ConfigException {
        GovernanceConfig.Expiration d = GovernanceConfig.Expiration.defaults();
        Optional<Duration> lifetime = e.isSet("lifetime") ? Optional.of(e.duration("lifetime", Duration.ZERO))
                : Optional.empty();
        List<String> kindNames = e.texts("kinds", ConfigLoader::groupKind,
                "security, unified or distribution", "a list of group kinds, such as [unified]");
        Set<GroupKind> kinds = kindNames.isEmpty() && !e.isSet("kinds") ? d.kinds()
                : kindNames.stream().map(GroupKind::fromWireName).collect(Collectors.toSet());
        List<String> days = e.texts("remindBefore", ConfigLoader::reminderDays, "a whole number of days from 1 to"
                + " 3650", "a list of days, such as [30, 15, 1]");
        List<Integer> remind = days.isEmpty() && !e.isSet("remindBefore") ? d.remindBefore()
                : days.stream().map(Integer::valueOf).toList();
        Duration window = e.duration("restoreWindow", d.restoreWindow());
        if (lifetime.isPresent() && !remind.isEmpty() && Duration.ofDays(remind.stream().mapToInt(i -> i).max()
                .orElseThrow()).compareTo(lifetime.get()) >= 0) {
            throw e.invalid("remindBefore", "reminds " + remind.stream().mapToInt(i -> i).max().orElseThrow()
                    + " days before the expiry, which is not within the lifetime", "days shorter than the lifetime");
        }
        return new GovernanceConfig.Expiration(lifetime, kinds, remind, window,
                e.duration("checkEvery", d.checkEvery()));
    }

    private static String groupKind(String text) {
        for (GroupKind k : GroupKind.values()) {
            if (k.wireName().equals(text)) {
                return text;
            }
        }
        throw new IllegalArgumentException("is '" + text + "'");
    }

    private static String reminderDays(String text) {
        if (text.matches("[0-9]{1,4}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 3650) {
            return Integer.toString(Integer.parseInt(text));
        }
        throw new IllegalArgumentException("is '" + text + "'");
    }

    /* The rules' NamingPolicy reads the same [Attribute] form; config does not depend on selfservice. */
    private static final Pattern NAMING_PLACEHOLDER = Pattern.compile("\\[[A-Za-z][A-Za-z0-9-]*]");
    private static final String NAMING_EXPECTED = "text with [Attribute] placeholders such as GRP-[Department]-";

    /* Brackets only around an attribute name, so that a typo such as [Department is caught here, not at creation. */
    private static String namingPattern(Section s, String key) throws ConfigException {
        String text = s.verbatim(key).orElse("");
        try {
            return namingPattern(text);
        } catch (IllegalArgumentException e) {
            throw s.invalid(key, e.getMessage(), NAMING_EXPECTED);
        }
    }

    private static String namingPattern(String text) {
        String rest = NAMING_PLACEHOLDER.matcher(text).replaceAll("");
        if (rest.contains("[") || rest.contains("]")) {
            throw new IllegalArgumentException("'" + text + "' has a bracket that is not around an attribute name");
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("'" + text + "' holds a control character");
        }
        return text;
    }

    private static String blockedWord(String text) {
        if (!text.codePoints().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("'" + text + "' is not one word: names are matched word by word");
        }
        return text;
    }

    private static RolesConfig roles(Section s) throws ConfigException {
        s.allowOnly(ROLES_KEYS);
        return new RolesConfig(s.dn("groupsAdministrators"), s.dn("userAdministrators"), s.dn("globalAdministrators"));
    }

    private static List<ServicePrincipalConfig> servicePrincipals(Section root) throws ConfigException {
        List<ServicePrincipalConfig> principals = new ArrayList<>();
        Map<String, Integer> lineByName = new HashMap<>();
        for (Section p : root.sections("servicePrincipals", "a service principal with name:, dn: and password:",
                "a list of service principals, each with name:, dn: and password:")) {
            p.allowOnly(SERVICE_PRINCIPAL_KEYS);
            String name = p.text("name").orElseThrow(() -> p.missing("name", "a unique name such as automation"));
            Integer earlier = lineByName.putIfAbsent(name, p.line());
            if (earlier != null) {
                throw p.invalid("name", "duplicate service principal name '" + name + "' (also on line " + earlier + ")",
                        "a name used once");
            }
            String dn = p.dn("dn").orElseThrow(() -> p.missing("dn", DistinguishedNames.EXPECTED));
            Secret password = p.secret("password")
                    .orElseThrow(() -> p.missing("password", ConfigContext.SECRET_FORMS));
            Optional<String> tokenHash = p.text("apiTokenSha256");
            if (tokenHash.isPresent() && !ServicePrincipalConfig.SHA256_HEX.matcher(tokenHash.get()).matches()) {
                throw p.invalid("apiTokenSha256", "'" + tokenHash.get() + "' is not a SHA-256 in hex",
                        "64 hex digits, the SHA-256 of the token (printf %s TOKEN | sha256sum)");
            }
            principals.add(new ServicePrincipalConfig(name, dn, password, tokenHash));
        }
        return principals;
    }

    private static ScheduleConfig schedule(Section s) throws ConfigException {
        s.allowOnly(SCHEDULE_KEYS);
        return new ScheduleConfig(
                s.duration("incremental", Duration.ofSeconds(60)),
                s.parsed("full", ConfigLoader::cron,
                        "a Quartz cron expression with 6 or 7 fields, such as 0 0 2 * * ? (02:00 daily)")
                        .orElse("0 0 2 * * ?"),
                s.duration("writeBack", Duration.ofSeconds(10)),
                s.duration("shutdownTimeout", Duration.ofSeconds(30)),
                s.bool("cluster", false),
                s.duration("clusterCheckin", Duration.ofMillis(7500)));
    }

    /*
     * Every member of a cluster must see the same store and the same directory; an embedded one is private to its
     * process, and the clustered job store speaks PostgreSQL only.
     */
    private static void checkCluster(Section schedule, ScheduleConfig s, StoreConfig store, DirectoryConfig directory)
            throws ConfigException {
        if (!s.cluster()) {
            return;
        }
        String expected = "false, or a store.url of jdbc:postgresql://... and a directory.url of ldap:// or ldaps://";
        if (!store.url().startsWith("jdbc:postgresql:")) {
            throw schedule.invalid("cluster", "a cluster needs a PostgreSQL store that every agent shares, but"
                    + " store.url is " + (store.isEmbedded() ? "embedded" : "not jdbc:postgresql:"), expected);
        }
        if (directory.isEmbedded()) {
            throw schedule.invalid("cluster", "a cluster needs one directory that every agent shares, but"
                    + " directory.url is embedded", expected);
        }
    }

    private static MetricsConfig metrics(Section s) throws ConfigException {
        s.allowOnly(METRICS_KEYS);
        MetricsConfig defaults = MetricsConfig.defaults();
        return new MetricsConfig(s.bool("jmx", defaults.jmx()), s.integer("prometheusPort", defaults.prometheusPort(), 0,
                65535, "a port from 1 to 65535, or 0 for no endpoint"));
    }

    /*
     * Nothing listens beyond loopback unless the conf says so, and then only over TLS: the sign-in form carries
     * passwords and the session cookie is as good as one. The key store is opened here, so a wrong path or password
     * stops the load at its line rather than the daemon's start.
     */
    private static HttpConfig http(ConfigContext context, Section s) throws ConfigException {
        s.allowOnly(HTTP_KEYS);
        HttpConfig d = HttpConfig.defaults();
        boolean enabled = s.bool("enabled", d.enabled());
        String bind = s.text("bind", d.bind()).strip();
        int port = s.integer("port", d.port(), 0, 65535, "a port from 1 to 65535, or 0 for any free one");
        Section tlsSection = s.section("tls").allowOnly(HTTP_TLS_KEYS);
        Optional<Path> keyStore = tlsSection.parsed("keyStore", context::resolvePath, "a PKCS#12 file path");
        Optional<Secret> password = tlsSection.secret("keyStorePassword");
        Optional<HttpConfig.Tls> tls = Optional.empty();
        if (keyStore.isPresent()) {
            Secret pw = password.orElseThrow(() -> tlsSection.missing("keyStorePassword",
                    "the key store's password: " + ConfigContext.SECRET_FORMS));
            try (var in = java.nio.file.Files.newInputStream(keyStore.get())) {
                java.security.KeyStore.getInstance("PKCS12").load(in, pw.reveal().toCharArray());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw tlsSection.invalid("keyStore", "cannot open " + keyStore.get() + " as a PKCS#12 key store with"
                        + " the given password (" + e.getClass().getSimpleName() + ")",
                        "a readable PKCS#12 (.p12) file holding the server's key and certificate");
            }
            tls = Optional.of(new HttpConfig.Tls(keyStore.get(), pw));
        } else if (password.isPresent()) {
            throw tlsSection.missing("keyStore", "the PKCS#12 file the password opens");
        }
        if (enabled && tls.isEmpty() && !HttpConfig.isLoopback(bind)) {
            throw s.invalid("bind", "'" + bind + "' is reachable from other hosts, and without http.tls passwords"
                    + " and session cookies would cross the network in clear text",
                    "127.0.0.1, ::1 or localhost, or set http.tls.keyStore and http.tls.keyStorePassword");
        }
        Section session = s.section("session").allowOnly(HTTP_SESSION_KEYS);
        Duration idle = session.duration("idleTimeout", d.idleTimeout());
        Duration absolute = session.duration("absoluteTimeout", d.absoluteTimeout());
        if (idle.isZero() || idle.isNegative()) {
            throw session.invalid("idleTimeout", "must be positive", "a duration such as 30m");
        }
        if (absolute.compareTo(idle) < 0) {
            throw session.invalid("absoluteTimeout", "is shorter than http.session.idleTimeout ("
                    + EffectiveConfig.duration(idle) + ")", "a duration at least as long as the idle time-out, such as 8h");
        }
        Optional<URI> publicUrl = s.parsed("publicUrl", ConfigLoader::webhookUrl,
                "the panel's address as people reach it, such as https://groupbridge.corp.example");
        return new HttpConfig(enabled, bind, port, tls, idle, absolute, publicUrl);
    }

    private static RequestsConfig requests(Section s) throws ConfigException {
        s.allowOnly(REQUESTS_KEYS);
        return new RequestsConfig(s.duration("expireAfter", Duration.ofDays(30)));
    }

    private static ReconcileConfig reconcile(Section s) throws ConfigException {
        s.allowOnly(RECONCILE_KEYS);
        return new ReconcileConfig(
                s.integer("batchSize", 1000, 1, 1_000_000, "an integer from 1 to 1000000"),
                s.decimal("maxRemovalShare", 0.30, 0, 1, "a number from 0 to 1, such as 0.30"),
                s.integer("largeGroupThreshold", 200, 1, Integer.MAX_VALUE, "an integer of at least 1"),
                s.bool("allowEmptyDirectory", false),
                s.duration("removalWindow", Duration.ofHours(1)));
    }

    private static WriteBackConfig writeBack(Section s) throws ConfigException {
        s.allowOnly(WRITE_BACK_KEYS);
        Duration initial = s.duration("initialBackoff", Duration.ofSeconds(30));
        Duration max = s.duration("maxBackoff", Duration.ofHours(1));
        if (max.compareTo(initial) < 0) {
            throw s.invalid("maxBackoff", "is shorter than initialBackoff (" + initial + ")",
                    "a duration of at least initialBackoff");
        }
        return new WriteBackConfig(
                s.integer("maxAttempts", 10, 1, 1000, "an integer from 1 to 1000"),
                initial,
                max,
                s.integer("batchSize", 10_000, 1, 1_000_000, "an integer from 1 to 1000000"));
    }

    private static NotificationsConfig notifications(ConfigContext context, Section s) throws ConfigException {
        s.allowOnly(NOTIFICATIONS_KEYS);
        String commandExpected = "the program and its arguments, such as [/usr/local/bin/notify-owners, --json]";
        List<String> command = s.texts("command", Function.identity(), "a program path or argument", commandExpected);
        if (command.isEmpty() && s.isSet("command")) {
            throw s.invalid("command", "the list is empty", commandExpected);
        }
        NotificationsConfig defaults = NotificationsConfig.defaults();
        return new NotificationsConfig(command,
                webhook(s.section("webhook")),
                s.duration("timeout", defaults.timeout()),
                s.integer("maxAttempts", defaults.maxAttempts(), 1, 100, "an integer from 1 to 100"),
                mail(context, s.section("mail")));
    }

    /*
     * Mail is on when a host is set. The templates are read and checked here, so that a typo in one is reported with
     * its file and line when the conf loads, not when the first mail of that kind is sent.
     */
    private static Optional<MailConfig> mail(ConfigContext context, Section s) throws ConfigException {
        s.allowOnly(MAIL_KEYS);
        Optional<String> host = s.parsed("host", ConfigLoader::mailHost, "a host name or address such as"
                + " smtp.corp.example");
        if (host.isEmpty()) {
            for (String key : MAIL_KEYS) {
                if (s.isSet(key)) {
                    throw s.missing("host", "the SMTP server's host name, without which no mail is sent");
                }
            }
            return Optional.empty();
        }
        MailConfig.Security security = MailConfig.Security.valueOf(s.oneOf("security",
                MailConfig.Security.STARTTLS.wireName(), MailConfig.Security.wireNames()).toUpperCase(Locale.ROOT));
        int port = s.integer("port", security.defaultPort(), 1, 65535, "a port from 1 to 65535");
        Optional<String> username = s.text("username").map(String::strip).filter(u -> !u.isEmpty());
        Optional<Secret> password = s.secret("password");
        if (username.isPresent() && password.isEmpty()) {
            throw s.missing("password", "the SMTP password of " + username.get() + " as " + ConfigContext.SECRET_FORMS);
        }
        if (password.isPresent() && username.isEmpty()) {
            throw s.missing("username", "the account the SMTP password belongs to");
        }
        if (username.isPresent() && security == MailConfig.Security.NONE && !HttpConfig.isLoopback(host.get())) {
            throw s.invalid("security", "none would send the SMTP password to " + host.get() + " in clear text",
                    "starttls or smtps, or a relay on this host (127.0.0.1) for none");
        }
        String from = s.parsed("from", ConfigLoader::mailAddress, "an address such as"
                + " \"groupbridge <groupbridge@corp.example>\"").orElseThrow(() -> s.missing("from",
                        "the sender address, such as groupbridge@corp.example"));
        Path folder = s.parsed("templates", context::resolvePath, "a folder of mail templates")
                .orElse(context.resolvePath("conf/mail"));
        Map<String, MailConfig.Template> templates = new LinkedHashMap<>();
        for (String name : MailConfig.TEMPLATES) {
            templates.put(name, mailTemplate(s, folder.resolve(name + ".txt")));
        }
        Duration initial = s.duration("initialBackoff", Duration.ofMinutes(1));
        Duration max = s.duration("maxBackoff", Duration.ofHours(1));
        if (initial.isZero() || max.compareTo(initial) < 0) {
            throw s.invalid("maxBackoff", "is shorter than initialBackoff (" + EffectiveConfig.duration(initial)
                    + "), or initialBackoff is 0", "0 < initialBackoff <= maxBackoff, such as 1m and 1h");
        }
        Duration every = s.duration("sendEvery", Duration.ofMinutes(1));
        Duration timeout = s.duration("timeout", Duration.ofSeconds(30));
        if (every.isZero() || timeout.isZero()) {
            throw s.invalid(every.isZero() ? "sendEvery" : "timeout", "must be positive", "a duration such as 1m");
        }
        return Optional.of(new MailConfig(host.get(), port, security, username, password, from, folder, templates,
                s.integer("maxAttempts", 10, 1, 1000, "an integer from 1 to 1000"), initial, max, every, timeout));
    }

    private static final Pattern MAIL_PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");

    /* The first line is "Subject: ...", then a blank line, then the body; {{name}} only for a known name. */
    private static MailConfig.Template mailTemplate(Section s, Path file) throws ConfigException {
        String key = "notifications.mail.templates";
        String expected = "a text file whose first line is \"Subject: ...\", then a blank line and the body, with"
                + " {{placeholders}} among " + MailConfig.PLACEHOLDERS;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw s.invalid("templates", "cannot read the mail template " + file + " ("
                    + e.getClass().getSimpleName() + ")", "a folder holding " + String.join(".txt, ",
                    MailConfig.TEMPLATES) + ".txt");
        }
        if (lines.isEmpty() || !lines.get(0).regionMatches(true, 0, "Subject:", 0, 8)) {
            throw new ConfigException(file, 1, key, "the first line is not a Subject: line", expected);
        }
        if (lines.size() > 1 && !lines.get(1).isBlank()) {
            throw new ConfigException(file, 2, key, "the line after the subject is not blank", expected);
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MAIL_PLACEHOLDER.matcher(lines.get(i));
            while (m.find()) {
                if (!MailConfig.PLACEHOLDERS.contains(m.group(1).strip())) {
                    throw new ConfigException(file, i + 1, key, "unknown placeholder {{" + m.group(1) + "}}", expected);
                }
            }
        }
        String subject = lines.get(0).substring(8).strip();
        String body = lines.size() > 2 ? String.join("\n", lines.subList(2, lines.size())) + "\n" : "";
        return new MailConfig.Template(file, subject, body);
    }

    private static String mailHost(String text) {
        String host = text.strip();
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new IllegalArgumentException("'" + text + "' is not a host name or address");
        }
        return host;
    }

    private static String mailAddress(String text) {
        try {
            jakarta.mail.internet.InternetAddress address = new jakarta.mail.internet.InternetAddress(text.strip(),
                    true);
            address.validate();
            return text.strip();
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("not a mail address: " + e.getMessage(), e);
        }
    }

    private static Optional<NotificationsConfig.Webhook> webhook(Section s) throws ConfigException {
        s.allowOnly(WEBHOOK_KEYS);
        Optional<URI> url = s.parsed("url", ConfigLoader::webhookUrl,
                "an http:// or https:// URL such as https://hooks.corp.example/groupbridge");
        Optional<String> header = s.parsed("header", ConfigLoader::headerName,
                "an HTTP header name such as X-Groupbridge-Token");
        Optional<Secret> token = s.secret("token");
        if (url.isEmpty() && (header.isPresent() || token.isPresent())) {
            throw s.missing("url", "the URL the header and token are sent to");
        }
        if (header.isPresent() && token.isEmpty()) {
            throw s.missing("token", "the value of header " + header.get() + " as " + ConfigContext.SECRET_FORMS);
        }
        if (token.isPresent() && header.isEmpty()) {
            throw s.missing("header", "the name of the header that carries the token, such as X-Groupbridge-Token");
        }
        return url.map(u -> new NotificationsConfig.Webhook(u, header, token));
    }

    private static String attribute(Section s, String key, String defaultValue) throws ConfigException {
        return s.parsed(key, ConfigLoader::attributeName, ATTRIBUTE_EXPECTED).orElse(defaultValue);
    }

    /** An attribute the directory may lack: {@code none} maps it to {@link MappingConfig#NONE}. */
    private static String optionalAttribute(Section s, String key, String defaultValue) throws ConfigException {
        return s.parsed(key, text -> text.equalsIgnoreCase("none") ? MappingConfig.NONE : attributeName(text),
                ATTRIBUTE_EXPECTED + ", or none").orElse(defaultValue);
    }

    private static List<String> attributes(Section s, String key, List<String> defaultValue) throws ConfigException {
        List<String> names = s.texts(key, ConfigLoader::attributeName, ATTRIBUTE_EXPECTED,
                "a list of LDAP attribute names such as [uid, mail]");
        if (names.isEmpty() && s.isSet(key)) {
            throw s.invalid(key, "the list is empty", "at least one LDAP attribute name");
        }
        return names.isEmpty() ? defaultValue : names;
    }

    private static String attributeName(String text) {
        if (!ATTRIBUTE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an attribute name");
        }
        return text;
    }

    private static String directoryUrl(String text) {
        if (text.equalsIgnoreCase(DirectoryConfig.EMBEDDED)) {
            return DirectoryConfig.EMBEDDED;
        }
        LdapUrl.parseList(text);
        return text;
    }

    private static String storeUrl(String text) {
        if (text.equalsIgnoreCase(StoreConfig.EMBEDDED)) {
            return StoreConfig.EMBEDDED;
        }
        if (!text.startsWith("jdbc:")) {
            throw new IllegalArgumentException("'" + JdbcUrls.redact(text) + "' is not a JDBC URL");
        }
        return text;
    }

    private static String filter(String text) {
        try {
            Filter.create(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return text;
    }

    private static String premiumLicense(String text) {
        return text.equalsIgnoreCase(SettingsConfig.ALL_USERS) ? SettingsConfig.ALL_USERS
                : DistinguishedNames.requireValid(text);
    }

    /** Errors never repeat the text: webhook URLs often carry a secret in their path or user info. */
    private static URI webhookUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason(), e);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(scheme.isEmpty() ? "the URL has no scheme"
                    : "scheme " + scheme + " is not http or https");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host name");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the URL contains user info; send a secret with header and token");
        }
        return url;
    }

    private static String headerName(String text) {
        if (!HEADER_NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an HTTP header name");
        }
        if (RESERVED_HEADERS.contains(text.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header " + text + " is set by the agent itself");
        }
        return text;
    }

    private static String cron(String text) {
        if (!CRON.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' does not have 6 or 7 fields");
        }
        try {
            CronExpression.validateExpression(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid cron expression: " + e.getMessage(), e);
        }
        return text;
    }
}
