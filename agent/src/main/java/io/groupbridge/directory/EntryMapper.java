package io.groupbridge.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import io.groupbridge.config.ChannelRule;
import io.groupbridge.config.MappingConfig;
import io.groupbridge.dn.Dns;
import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import io.groupbridge.sync.DirectoryGroup;
import io.groupbridge.sync.DirectoryPerson;
import io.groupbridge.sync.Fingerprint;
import io.groupbridge.sync.GroupRead;
import io.groupbridge.sync.ReconcileWarnings;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns directory entries into groupbridge's records through the attribute mapping (spec G, P4). Bad values are
 * reported and skipped, never fatal: one malformed member must not stop the whole directory from syncing.
 */
public final class EntryMapper {

    private static final List<String> GROUP_CLASSES = List.of("groupofnames", "groupofuniquenames", "group");
    /*
     * Member and owner values repeat across groups (a person is in many), and parsing a DN was half of a no-op
     * reconcile's time. About a directory's worth of people fits; beyond that the cache starts over rather than grow.
     */
    private static final int VALUE_CACHE_LIMIT = 1 << 18;
    // The sizes of the group store's text and DN columns (V1__group_store.sql).
    static final int TEXT_LIMIT = 512;
    static final int LONG_TEXT_LIMIT = 4000;
    static final int DN_LIMIT = 2048;
    /* Active Directory's id: 16 bytes, shown as a GUID string. */
    private static final String OBJECT_GUID = "objectGUID";
    /* Active Directory's group type flags; this bit set makes a security group, clear a distribution group. */
    private static final String GROUP_TYPE = "groupType";
    private static final long SECURITY_ENABLED = 0x80000000L;

    private final MappingConfig mapping;
    private final List<ParsedRule> channelRules;
    private final List<String> ownerAttributes;
    // DN text -> its reference; only DNs that parsed, so every malformed value is still reported.
    private final Map<String, Dn> parsedDns = new ConcurrentHashMap<>();

    public EntryMapper(MappingConfig mapping) {
        this.mapping = mapping;
        List<ParsedRule> rules = new ArrayList<>();
        for (ChannelRule rule : mapping.channelRules()) {
            try {
                rules.add(new ParsedRule(new DN(rule.base()), Channel.fromWireName(rule.channel())));
            } catch (LDAPException e) {
                throw new IllegalArgumentException("channel rule base '" + rule.base() + "' is not a DN", e);
            }
        }
        this.channelRules = List.copyOf(rules);
        Set<String> owners = new java.util.LinkedHashSet<>();
        owners.add(mapping.ownerAttribute());
        owners.addAll(mapping.profile().coOwnerAttributes());
        this.ownerAttributes = List.copyOf(owners);
    }

    /**
     * @return the server's change sequence number attribute that incremental reads filter on, or empty to filter on
     *     {@code modifyTimestamp}
     */
    public Optional<String> changeSequenceAttribute() {
        return mapping.profile().changeSequenceAttribute();
    }

    /** @return whether entries are keyed by RFC 4530 {@code entryUUID}, the id content synchronisation reports */
    public boolean keysByEntryUuid() {
        return mapping.stableIdAttribute().equalsIgnoreCase("entryUUID");
    }

    /** The attributes a person search must return, and nothing more. */
    public String[] personAttributes() {
        Set<String> attrs = new java.util.LinkedHashSet<>();
        attrs.add(mapping.stableIdAttribute());
        attrs.addAll(mapping.loginAttributes());
        attrs.add(mapping.personNameAttribute());
        attrs.add(mapping.personMailAttribute());
        return attrs.toArray(String[]::new);
    }

    /** The attributes a group search must return, and nothing more. */
    public String[] groupAttributes() {
        Set<String> attrs = new java.util.LinkedHashSet<>();
        attrs.add(mapping.stableIdAttribute());
        attrs.add("objectClass");
        attrs.add(mapping.groupNameAttribute());
        attrs.add(mapping.descriptionAttribute());
        attrs.add(mapping.kindAttribute());
        attrs.add(mapping.mailAttribute());
        attrs.add(mapping.channelAttribute());
        attrs.add(mapping.membershipRuleAttribute());
        attrs.add(mapping.roleAssignableAttribute());
        attrs.addAll(ownerAttributes);
        attrs.addAll(mapping.memberAttributes());
        attrs.remove(MappingConfig.NONE);
        return attrs.toArray(String[]::new);
    }

    /** @return empty when the entry cannot be used (reported to {@code warnings}) */
    public Optional<DirectoryPerson> person(Entry entry, ReconcileWarnings warnings) {
        Optional<Dn> dn = ref(entry.getDN(), entry.getDN(), "entry DN", warnings);
        String id = stableId(entry);
        if (dn.isEmpty()) {
            return Optional.empty();
        }
        if (id == null || id.isBlank()) {
            warnings.add(entry.getDN(), "no " + mapping.stableIdAttribute() + " value, entry skipped");
            return Optional.empty();
        }
        String login = null;
        for (String attr : mapping.loginAttributes()) {
            login = entry.getAttributeValue(attr);
            if (login != null) {
                break;
            }
        }
        String where = entry.getDN();
        return Optional.of(new DirectoryPerson(id, dn.get(), cut(login, TEXT_LIMIT, where, "login", warnings),
                cut(entry.getAttributeValue(mapping.personNameAttribute()), TEXT_LIMIT, where, "name", warnings),
                cut(entry.getAttributeValue(mapping.personMailAttribute()), TEXT_LIMIT, where, "mail", warnings)));
    }

    /** @return empty when the entry cannot be used (reported to {@code warnings}) */
    public Optional<DirectoryGroup> group(Entry entry, ReconcileWarnings warnings) {
        return groupRead(entry, warnings).map(GroupRead::group);
    }

    /**
     * The group's single fields and a fingerprint over its owner and member values as they came, without parsing
     * one of them: a reconcile that finds the group unchanged maps no value (issue 13, point 4).
     *
     * @return empty when the entry cannot be used (reported to {@code warnings}); value warnings are reported when
     *     {@link GroupRead#group()} maps the values
     */
    public Optional<GroupRead> groupRead(Entry entry, ReconcileWarnings warnings) {
        String entryDn = entry.getDN();
        Optional<Dn> dn = ref(entryDn, entryDn, "entry DN", warnings);
        String id = stableId(entry);
        if (dn.isEmpty()) {
            return Optional.empty();
        }
        if (id == null || id.isBlank()) {
            warnings.add(entryDn, "no " + mapping.stableIdAttribute() + " value, entry skipped");
            return Optional.empty();
        }
        String name = entry.getAttributeValue(mapping.groupNameAttribute());
        if (name == null || name.isBlank()) {
            name = firstRdnValue(entryDn);
        }
        // One spelling per name in the store, the one self-service gives created groups, so lookups compare like.
        name = cut(Normalizer.normalize(name, Normalizer.Form.NFC), TEXT_LIMIT, entryDn, "name", warnings);
        GroupKind kind = kind(entry, warnings);
        String objectClass = objectClass(entry);
        String memberAttribute = "groupofuniquenames".equalsIgnoreCase(objectClass) ? "uniqueMember"
                : mapping.memberAttributes().get(0);
        DirectoryGroup fields = new DirectoryGroup(id, dn.get(), name,
                cut(entry.getAttributeValue(mapping.descriptionAttribute()), LONG_TEXT_LIMIT, entryDn, "description",
                        warnings),
                kind, cut(entry.getAttributeValue(mapping.mailAttribute()), TEXT_LIMIT, entryDn, "mail", warnings),
                cut(value(entry, mapping.membershipRuleAttribute()), LONG_TEXT_LIMIT, entryDn, "membership rule",
                        warnings),
                roleAssignable(entry, warnings),
                channel(entry, dn.get(), warnings), objectClass, memberAttribute, List.of(), List.of());
        long values = valuesFingerprint(entry, ownerAttributes, true)
                + valuesFingerprint(entry, mapping.memberAttributes(), false);
        return Optional.of(new LazyGroup(entry, fields, Fingerprint.finish(fields.fieldsFingerprint(), values),
                warnings));
    }

    /** The sum of the values' hashes, each as {@link #refs} would spell it if it maps. */
    private static long valuesFingerprint(Entry entry, List<String> attributes, boolean owners) {
        long sum = 0;
        for (String attribute : attributes) {
            String[] values = entry.getAttributeValues(attribute);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                sum += Fingerprint.ofValue(owners, stripUid(attribute, value));
            }
        }
        return sum;
    }

    /** A group whose values are mapped when first asked for. Not thread-safe: one reconcile reads it. */
    private final class LazyGroup implements GroupRead {
        private final Entry entry;
        private final DirectoryGroup fields;
        private final long fingerprint;
        private final ReconcileWarnings warnings;
        private DirectoryGroup mapped;

        LazyGroup(Entry entry, DirectoryGroup fields, long fingerprint, ReconcileWarnings warnings) {
            this.entry = entry;
            this.fields = fields;
            this.fingerprint = fingerprint;
            this.warnings = warnings;
        }

        @Override
        public String id() {
            return fields.id();
        }

        @Override
        public long fingerprint() {
            return fingerprint;
        }

        @Override
        public DirectoryGroup group() {
            if (mapped == null) {
                mapped = fields.withValues(refs(entry, ownerAttributes, "owner", warnings),
                        refs(entry, mapping.memberAttributes(), "member", warnings));
            }
            return mapped;
        }
    }

    /** @return the id as text; null when absent, or for an {@code objectGUID} that is not 16 bytes */
    private String stableId(Entry entry) {
        if (!mapping.stableIdAttribute().equalsIgnoreCase(OBJECT_GUID)) {
            return entry.getAttributeValue(mapping.stableIdAttribute());
        }
        byte[] guid = entry.getAttributeValueBytes(OBJECT_GUID);
        return guid == null || guid.length != 16 ? null : guidText(guid);
    }

    /**
     * The GUID's usual text form, as Active Directory's own tools show it: its first three fields are stored
     * little-endian, the last eight bytes in order.
     */
    static String guidText(byte[] b) {
        StringBuilder text = new StringBuilder(36);
        for (int i : new int[] {3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15}) {
            if (i < 0) {
                text.append('-');
            } else {
                text.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
            }
        }
        return text.toString();
    }

    /**
     * @return the self-service kinds a group created through the mapping reads back as: without a kind attribute
     *     every group reads as security
     */
    public Set<GroupKind> creatableKinds() {
        Set<GroupKind> kinds = java.util.EnumSet.noneOf(GroupKind.class);
        for (GroupKind kind : List.of(GroupKind.SECURITY, GroupKind.UNIFIED)) {
            if (mapping.mappedKindAttribute().isPresent() ? kindValue(kind).isPresent() : kind == GroupKind.SECURITY) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** @return null for an attribute the conf maps to {@code none} */
    private static String value(Entry entry, String attribute) {
        return attribute.equals(MappingConfig.NONE) ? null : entry.getAttributeValue(attribute);
    }

    /**
     * The value a new group of {@code kind} gets in the kind attribute, as {@link #group} reads it back; empty when
     * the mapping cannot record that kind (Active Directory's {@code groupType} has no unified groups).
     */
    public Optional<String> kindValue(GroupKind kind) {
        if (!mapping.kindAttribute().equalsIgnoreCase(GROUP_TYPE)) {
            return Optional.of(kind.wireName());
        }
        // A global security group: the security bit and 0x2 (global scope), as a signed 32-bit integer.
        return kind == GroupKind.SECURITY ? Optional.of(String.valueOf((int) (SECURITY_ENABLED | 0x2L)))
                : Optional.empty();
    }

    private GroupKind kind(Entry entry, ReconcileWarnings warnings) {
        String value = value(entry, mapping.kindAttribute());
        if (value == null || value.isBlank()) {
            return GroupKind.SECURITY;
        }
        if (mapping.kindAttribute().equalsIgnoreCase(GROUP_TYPE)) {
            return groupTypeKind(entry.getDN(), value.trim(), warnings);
        }
        try {
            return GroupKind.fromWireName(value);
        } catch (IllegalArgumentException e) {
            // A mistyped kind must not make a group self-service: distribution lists are read-only (G4).
            warnings.add(entry.getDN(), mapping.kindAttribute() + ": " + e.getMessage() + "; treated as distribution");
            return GroupKind.DISTRIBUTION;
        }
    }

    private GroupKind groupTypeKind(String dn, String value, ReconcileWarnings warnings) {
        long flags;
        try {
            // AD writes the flags as a signed 32-bit integer, so a security group's value is negative.
            flags = Long.parseLong(value);
        } catch (NumberFormatException e) {
            warnings.add(dn, GROUP_TYPE + ": '" + value + "' is not an integer; treated as distribution");
            return GroupKind.DISTRIBUTION;
        }
        return (flags & SECURITY_ENABLED) != 0 ? GroupKind.SECURITY : GroupKind.DISTRIBUTION;
    }

    private boolean roleAssignable(Entry entry, ReconcileWarnings warnings) {
        String value = value(entry, mapping.roleAssignableAttribute());
        if (value == null) {
            return false;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!v.equals("TRUE") && !v.equals("FALSE")) {
            // Read as role-assignable: the safe side, since only administrators then edit its members (G6).
            warnings.add(entry.getDN(), mapping.roleAssignableAttribute() + ": '" + value
                    + "' is not TRUE or FALSE; treated as TRUE");
            return true;
        }
        return v.equals("TRUE");
    }

    private Channel channel(Entry entry, Dn dn, ReconcileWarnings warnings) {
        String value = value(entry, mapping.channelAttribute());
        if (value != null && !value.isBlank()) {
            try {
                return Channel.fromWireName(value);
            } catch (IllegalArgumentException e) {
                warnings.add(entry.getDN(), mapping.channelAttribute() + ": " + e.getMessage() + "; channel rules apply");
            }
        }
        try {
            DN parsed = new DN(dn.written());
            for (ParsedRule rule : channelRules) {
                if (parsed.isDescendantOf(rule.base(), false)) {
                    return rule.channel();
                }
            }
        } catch (LDAPException e) {
            warnings.add(entry.getDN(), "entry DN cannot be parsed for channel rules");
        }
        return Channel.API;
    }

    private static String objectClass(Entry entry) {
        String[] classes = entry.getObjectClassValues();
        if (classes == null) {
            return "groupOfNames";
        }
        for (String wanted : GROUP_CLASSES) {
            for (String oc : classes) {
                if (oc.equalsIgnoreCase(wanted)) {
                    return oc;
                }
            }
        }
        return classes.length > 0 ? classes[0] : "groupOfNames";
    }

    private List<Dn> refs(Entry entry, List<String> attributes, String what, ReconcileWarnings warnings) {
        Map<String, Dn> byNorm = new LinkedHashMap<>();
        for (String attribute : attributes) {
            String[] values = entry.getAttributeValues(attribute);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                memberRef(attribute, value, what, warnings).ifPresent(ref -> {
                    if (byNorm.putIfAbsent(ref.normalized(), ref) != null) {
                        warnings.add(entry.getDN(), "duplicate " + what + " value '" + value + "' ignored");
                    }
                });
            }
        }
        return new ArrayList<>(byNorm.values());
    }

    private Optional<Dn> memberRef(String attribute, String value, String what, ReconcileWarnings warnings) {
        String dnText = stripUid(attribute, value);
        Dn cached = parsedDns.get(dnText);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Dn> parsed = ref(dnText, value, what, warnings);
        if (parsed.isPresent()) {
            if (parsedDns.size() >= VALUE_CACHE_LIMIT) {
                parsedDns.clear();
            }
            parsedDns.put(dnText, parsed.get());
        }
        return parsed;
    }

    /** uniqueMember values may carry an optional "#'0101'B" unique identifier after the DN (RFC 4517 NameAndOptionalUID). */
    private static String stripUid(String attribute, String value) {
        if (!attribute.equalsIgnoreCase("uniqueMember")) {
            return value;
        }
        int hash = value.lastIndexOf("#'");
        return hash > 0 && value.endsWith("'B") ? value.substring(0, hash) : value;
    }

    /**
     * A value longer than the store keeps (the text columns of the group store's schema, V1__group_store.sql): cut,
     * with a warning, so that one odd entry does not fail the whole run. Never inside a surrogate pair, so the cut
     * value fits in characters (HSQLDB) and in code points (PostgreSQL) alike.
     */
    private static String cut(String value, int limit, String dn, String what, ReconcileWarnings warnings) {
        if (value == null || value.length() <= limit) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(limit - 1)) ? limit - 1 : limit;
        warnings.add(dn, what + " of " + value.length() + " characters cut to " + end + ", the most the store keeps");
        return value.substring(0, end);
    }

    private static Optional<Dn> ref(String dnText, String original, String what, ReconcileWarnings warnings) {
        try {
            Optional<Dn> dn = Dns.parsed(dnText);
            if (dn.isEmpty()) {
                warnings.add(original, "empty " + what + " DN ignored");
                return Optional.empty();
            }
            if (dnText.length() > DN_LIMIT || dn.get().normalized().length() > DN_LIMIT) {
                warnings.add(original.substring(0, 80) + "...", what + " DN of " + dnText.length()
                        + " characters ignored: the store keeps DNs of up to " + DN_LIMIT);
                return Optional.empty();
            }
            return dn;
        } catch (LDAPException e) {
            warnings.add(original, "malformed " + what + " DN ignored: " + e.getExceptionMessage());
            return Optional.empty();
        }
    }

    private static String firstRdnValue(String dnText) {
        try {
            String[] values = new DN(dnText).getRDN().getAttributeValues();
            return values.length > 0 ? values[0] : dnText;
        } catch (LDAPException e) {
            return dnText;
        }
    }

    private record ParsedRule(DN base, Channel channel) {
    }
}
