package io.groupbridge.config;

import io.groupbridge.model.GroupKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded conf as a tree keyed like {@code conf/groupbridge.yaml}, every default filled in: what
 * {@code groupbridge conf show --effective} prints as YAML or JSON.
 *
 * <p>No secret leaves: a password or token that is set shows as {@value #MASK}, and one that is empty (the embedded
 * store's SA) is left out; a store URL goes through {@link JdbcUrls#redact}; a webhook URL shows only its scheme,
 * host and port, since services put their token in the path. A key with no value and no default (an unset
 * administrators role, say) is left out too. Durations come out in the conf's short form ({@code 60s},
 * {@code 7500ms}), paths absolute, and an attribute mapped to none as {@code none}.
 */
public final class EffectiveConfig {

    /** What a secret that is set shows as. */
    public static final String MASK = "******";

    private EffectiveConfig() {
    }

    /** @return the tree in the order of the shipped conf; maps and lists only of strings, numbers and booleans */
    public static Map<String, Object> tree(GroupbridgeConfig c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("directory", directory(c.directory()));
        root.put("mapping", mapping(c.mapping()));
        root.put("store", store(c.store()));
        root.put("settings", settings(c.settings()));
        root.put("roles", roles(c.roles()));
        root.put("servicePrincipals", c.servicePrincipals().stream().map(EffectiveConfig::servicePrincipal).toList());
        root.put("schedule", schedule(c.schedule()));
        root.put("requests", Map.of("expireAfter", duration(c.requests().expireAfter())));
        root.put("reconcile", reconcile(c.reconcile()));
        root.put("writeBack", writeBack(c.writeBack()));
        root.put("notifications", notifications(c.notifications()));
        root.put("metrics", metrics(c.metrics()));
        root.put("http", http(c.http()));
        root.put("governance", governance(c.governance()));
        return root;
    }

    private static Map<String, Object> reviews(GovernanceConfig.Reviews r) {
        Map<String, Object> reviews = new LinkedHashMap<>();
        reviews.put("checkEvery", duration(r.checkEvery()));
        reviews.put("schedules", r.schedules().stream().map(s -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", s.name());
            s.group().ifPresent(v -> item.put("group", v));
            s.namePattern().ifPresent(v -> item.put("namePattern", v));
            s.kind().ifPresent(v -> item.put("kind", v));
            item.put("every", duration(s.every()));
            item.put("duration", duration(s.duration()));
            item.put("default", s.defaultRemove() ? "remove" : "keep");
            s.reviewer().ifPresent(v -> item.put("reviewer", v));
            return item;
        }).toList());
        reviews.put("remindBefore", r.remindBefore());
        return reviews;
    }

    private static Map<String, Object> governance(GovernanceConfig g) {
        Map<String, Object> naming = new LinkedHashMap<>();
        naming.put("prefix", g.naming().prefix());
        naming.put("suffix", g.naming().suffix());
        naming.put("blockedWords", g.naming().blockedWords());
        Map<String, Object> membership = new LinkedHashMap<>();
        g.membership().maxDuration().ifPresent(d -> membership.put("maxDuration", duration(d)));
        membership.put("requireEndDate", g.membership().requireEndDate());
        membership.put("checkEvery", duration(g.membership().checkEvery()));
        membership.put("remindBefore", duration(g.membership().remindBefore()));
        membership.put("groups", g.membership().groups().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", t.group());
            t.maxDuration().ifPresent(d -> m.put("maxDuration", duration(d)));
            t.requireEndDate().ifPresent(r -> m.put("requireEndDate", r));
            return m;
        }).toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("naming", naming);
        m.put("membership", membership);
        m.put("reviews", reviews(g.reviews()));
        m.put("expiration", expiration(g.expiration()));
        return m;
    }

    private static Map<String, Object> expiration(GovernanceConfig.Expiration e) {
        Map<String, Object> m = new LinkedHashMap<>();
        e.lifetime().ifPresent(d -> m.put("lifetime", duration(d)));
        m.put("kinds", e.kinds().stream().map(GroupKind::wireName).sorted().toList());
        m.put("remindBefore", e.remindBefore());
        m.put("restoreWindow", duration(e.restoreWindow()));
        m.put("checkEvery", duration(e.checkEvery()));
        return m;
    }

    private static Map<String, Object> directory(DirectoryConfig d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", d.url());
        m.put("bindDn", d.bindDn());
        secret(m, "bindPassword", d.bindPassword());
        d.writeBackAccount().ifPresent(a -> {
            m.put("writeBindDn", a.dn());
            secret(m, "writeBindPassword", a.password());
        });
        m.put("startTls", d.startTls());
        m.put("insecure", d.insecure());
        d.trustedCertificates().ifPresent(p -> m.put("trustedCertificates", path(p)));
        m.put("connectTimeout", duration(d.connectTimeout()));
        m.put("responseTimeout", duration(d.responseTimeout()));
        m.put("pageSize", d.pageSize());
        m.put("poolSize", d.poolSize());
        m.put("writePoolSize", d.writePoolSize());
        m.put("signInPoolSize", d.signInPoolSize());
        m.put("peopleBase", d.peopleBase());
        m.put("groupBase", d.groupBase());
        m.put("peopleFilter", d.peopleFilter());
        m.put("groupFilter", d.groupFilter());
        Map<String, Object> embedded = new LinkedHashMap<>();
        embedded.put("port", d.embedded().port());
        embedded.put("dataFile", path(d.embedded().dataFile()));
        d.embedded().seedLdif().ifPresent(p -> embedded.put("seedLdif", path(p)));
        embedded.put("suffix", d.embedded().suffix());
        m.put("embedded", embedded);
        return m;
    }

    private static Map<String, Object> mapping(MappingConfig p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", p.profile().wireName());
        m.put("stableIdAttribute", p.stableIdAttribute());
        m.put("loginAttributes", p.loginAttributes());
        m.put("personNameAttribute", p.personNameAttribute());
        m.put("personMailAttribute", p.personMailAttribute());
        m.put("personObjectClass", p.personObjectClass());
        m.put("memberAttributes", p.memberAttributes());
        m.put("ownerAttribute", p.ownerAttribute());
        m.put("groupNameAttribute", p.groupNameAttribute());
        m.put("descriptionAttribute", p.descriptionAttribute());
        m.put("kindAttribute", optionalAttribute(p.kindAttribute()));
        m.put("mailAttribute", p.mailAttribute());
        m.put("channelAttribute", optionalAttribute(p.channelAttribute()));
        m.put("membershipRuleAttribute", optionalAttribute(p.membershipRuleAttribute()));
        m.put("roleAssignableAttribute", optionalAttribute(p.roleAssignableAttribute()));
        m.put("groupObjectClasses", p.groupObjectClasses());
        m.put("channelRules", p.channelRules().stream()
                .map(r -> Map.of("base", r.base(), "channel", r.channel())).toList());
        return m;
    }

    private static Map<String, Object> store(StoreConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", s.isEmbedded() ? StoreConfig.EMBEDDED : JdbcUrls.redact(s.url()));
        m.put("username", s.username());
        secret(m, "password", s.password());
        m.put("maxPoolSize", s.maxPoolSize());
        m.put("embeddedPort", s.embeddedPort());
        return m;
    }

    private static Map<String, Object> settings(SettingsConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ownersCanManageJoinRequests", s.ownersCanManageJoinRequests());
        m.put("restrictMyGroups", s.restrictMyGroups());
        m.put("usersCanCreateSecurityGroups", s.usersCanCreateSecurityGroups());
        m.put("usersCanCreateUnifiedGroups", s.usersCanCreateUnifiedGroups());
        s.unifiedGroupCreationAllowedGroup().ifPresent(g -> m.put("unifiedGroupCreationAllowedGroup", g));
        m.put("ownerAssignment", s.ownerAssignment());
        m.put("ownerAssignmentSelected", s.ownerAssignmentSelected());
        m.put("premiumLicense", s.premiumLicense());
        return m;
    }

    private static Map<String, Object> roles(RolesConfig r) {
        Map<String, Object> m = new LinkedHashMap<>();
        r.groupsAdministrators().ifPresent(g -> m.put("groupsAdministrators", g));
        r.userAdministrators().ifPresent(g -> m.put("userAdministrators", g));
        r.globalAdministrators().ifPresent(g -> m.put("globalAdministrators", g));
        return m;
    }

    private static Map<String, Object> servicePrincipal(ServicePrincipalConfig p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("dn", p.dn());
        secret(m, "password", p.password());
        p.apiTokenSha256().ifPresent(h -> m.put("apiTokenSha256", h));
        return m;
    }

    private static Map<String, Object> schedule(ScheduleConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("incremental", duration(s.incremental()));
        m.put("full", s.full());
        m.put("writeBack", duration(s.writeBack()));
        m.put("shutdownTimeout", duration(s.shutdownTimeout()));
        m.put("cluster", s.cluster());
        m.put("clusterCheckin", duration(s.clusterCheckin()));
        return m;
    }

    private static Map<String, Object> reconcile(ReconcileConfig r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batchSize", r.batchSize());
        m.put("maxRemovalShare", r.maxRemovalShare());
        m.put("largeGroupThreshold", r.largeGroupThreshold());
        m.put("removalWindow", duration(r.removalWindow()));
        return m;
    }

    private static Map<String, Object> writeBack(WriteBackConfig w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxAttempts", w.maxAttempts());
        m.put("initialBackoff", duration(w.initialBackoff()));
        m.put("maxBackoff", duration(w.maxBackoff()));
        m.put("batchSize", w.batchSize());
        return m;
    }

    private static Map<String, Object> notifications(NotificationsConfig n) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!n.command().isEmpty()) {
            m.put("command", n.command());
        }
        n.webhook().ifPresent(w -> {
            Map<String, Object> webhook = new LinkedHashMap<>();
            webhook.put("url", originOnly(w.url()));
            w.header().ifPresent(h -> webhook.put("header", h));
            w.token().ifPresent(t -> secret(webhook, "token", t));
            m.put("webhook", webhook);
        });
        m.put("timeout", duration(n.timeout()));
        m.put("maxAttempts", n.maxAttempts());
        n.mail().ifPresent(mail -> m.put("mail", mail(mail)));
        return m;
    }

    private static Map<String, Object> mail(MailConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", c.host());
        m.put("port", c.port());
        m.put("security", c.security().wireName());
        c.username().ifPresent(u -> m.put("username", u));
        c.password().ifPresent(p -> secret(m, "password", p));
        m.put("from", c.from());
        m.put("templates", path(c.templatesFolder()));
        m.put("maxAttempts", c.maxAttempts());
        m.put("initialBackoff", duration(c.initialBackoff()));
        m.put("maxBackoff", duration(c.maxBackoff()));
        m.put("sendEvery", duration(c.sendEvery()));
        m.put("timeout", duration(c.timeout()));
        return m;
    }

    private static Map<String, Object> metrics(MetricsConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jmx", c.jmx());
        m.put("prometheusPort", c.prometheusPort());
        return m;
    }

    private static Map<String, Object> http(HttpConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", c.enabled());
        m.put("bind", c.bind());
        m.put("port", c.port());
        c.tls().ifPresent(t -> {
            Map<String, Object> tls = new LinkedHashMap<>();
            tls.put("keyStore", path(t.keyStore()));
            secret(tls, "keyStorePassword", t.password());
            m.put("tls", tls);
        });
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("idleTimeout", duration(c.idleTimeout()));
        session.put("absoluteTimeout", duration(c.absoluteTimeout()));
        m.put("session", session);
        c.publicUrl().ifPresent(u -> m.put("publicUrl", u.toString()));
        return m;
    }

    private static void secret(Map<String, Object> m, String key, Secret secret) {
        if (!secret.reveal().isEmpty()) {
            m.put(key, MASK);
        }
    }

    private static String originOnly(URI url) {
        String origin = url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        boolean more = (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/"))
                || url.getRawQuery() != null;
        return more ? origin + "/" + MASK : origin;
    }

    private static String optionalAttribute(String attribute) {
        return MappingConfig.mapped(attribute).orElse("none");
    }

    private static String path(Path p) {
        return p.toAbsolutePath().toString();
    }

    /** The largest unit of the conf's short forms that the duration is a whole number of. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (Duration.ofMillis(ms).equals(d)) {
            for (Map.Entry<Long, String> unit : List.of(Map.entry(86_400_000L, "d"), Map.entry(3_600_000L, "h"),
                    Map.entry(60_000L, "m"), Map.entry(1000L, "s"))) {
                if (ms > 0 && ms % unit.getKey() == 0) {
                    return ms / unit.getKey() + unit.getValue();
                }
            }
            return ms + "ms";
        }
        return d.toString();
    }
}
