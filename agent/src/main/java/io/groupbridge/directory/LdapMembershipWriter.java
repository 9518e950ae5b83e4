package io.groupbridge.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFDeleteChangeRecord;
import com.unboundid.ldif.LDIFModifyChangeRecord;
import com.unboundid.ldif.LDIFModifyDNChangeRecord;
import io.groupbridge.config.MappingConfig;
import io.groupbridge.dn.Dns;
import io.groupbridge.model.NewGroup;
import io.groupbridge.sync.DirectoryGroup;
import io.groupbridge.sync.MembershipWriter;
import io.groupbridge.sync.ReconcileWarnings;
import io.groupbridge.sync.ValueChange;
import io.groupbridge.sync.WriteBackException;
import io.groupbridge.sync.WriteStep;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes outbox changes to an LDAP directory as the agent's service account, idempotently (spec W2).
 *
 * <p>A server that announces the permissive modify control (root DSE {@code supportedControl}) gets every modify with
 * it, so adding a present value or deleting an absent one succeeds. Without it, a batched modify that fails with
 * attributeOrValueExists or noSuchAttribute is sent again one value per modify, each of those two codes counting as
 * done, because the server applies a modify as a whole or not at all.
 *
 * <p>A new group gets the object classes the mapping named when it was asked for ({@code mapping.groupObjectClasses},
 * e.g. groupOfNames with groupbridge's {@code gbGroup}, or plain groupOfNames), its kind and creation channel where
 * the mapping has attributes for them, its owners and its initial members. groupOfNames and groupOfUniqueNames
 * require a member, so such a group asked for with no members gets its first owner as member, as Entra puts a
 * group's creator in it; one with neither is refused (self-service refuses it before it reaches the outbox).
 */
public final class LdapMembershipWriter implements MembershipWriter {

    private final LdapPool writes;
    private final EntryMapper mapper;
    private final MappingConfig mapping;
    private final DN groupBase;

    /**
     * @param writes the pool a write-back run borrows its one connection from
     * @param groupBase the subtree groups may be created in; a create-group row naming a DN elsewhere is refused
     * @throws IllegalArgumentException when {@code groupBase} is not a DN
     */
    public LdapMembershipWriter(LdapPool writes, MappingConfig mapping, String groupBase) {
        this.writes = writes;
        this.mapping = mapping;
        this.mapper = new EntryMapper(mapping);
        try {
            this.groupBase = new DN(groupBase);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("group base '" + groupBase + "' is not a DN", e);
        }
    }

    @Override
    public Session open() throws WriteBackException {
        LdapPool.Lease lease;
        try {
            lease = writes.borrow();
        } catch (DirectoryException e) {
            throw new WriteBackException(e.getMessage(), e.retryable(), e);
        }
        try {
            RootDSE root = lease.connection().getRootDSE();
            boolean permissive = root != null
                    && root.supportsControl(PermissiveModifyRequestControl.PERMISSIVE_MODIFY_REQUEST_OID);
            return new LdapSession(lease, permissive);
        } catch (LDAPException e) {
            lease.close();
            throw failure("read the root DSE of", writes.endpoint().toString(), e);
        }
    }

    @Override
    public String describe(WriteStep step) {
        if (step instanceof WriteStep.Modify m) {
            return new LDIFModifyChangeRecord(m.dn(), modifications(m).toArray(Modification[]::new)).toLDIFString();
        }
        if (step instanceof WriteStep.Create c) {
            try {
                return new LDIFAddChangeRecord(entry(c.group())).toLDIFString();
            } catch (WriteBackException e) {
                return "# create " + c.group().dn() + " would be refused: " + e.getMessage();
            }
        }
        if (step instanceof WriteStep.SetDescription d) {
            return new LDIFModifyChangeRecord(d.dn(), descriptionChange(d)).toLDIFString();
        }
        if (step instanceof WriteStep.Rename r) {
            try {
                Optional<RDN> rdn = newRdn(r);
                return rdn.isPresent()
                        ? new LDIFModifyDNChangeRecord(r.dn(), rdn.get().toString(), true, null).toLDIFString()
                        : new LDIFModifyChangeRecord(r.dn(), nameChange(r)).toLDIFString();
            } catch (WriteBackException e) {
                return "# rename of " + r.dn() + " would be refused: " + e.getMessage();
            }
        }
        return new LDIFDeleteChangeRecord(step.dn()).toLDIFString();
    }

    private Optional<RDN> newRdn(WriteStep.Rename r) throws WriteBackException {
        return LdapDirectoryNames.renamedRdn(parsed(r), mapping.groupNameAttribute(), r.newName());
    }

    private static DN parsed(WriteStep.Rename step) throws WriteBackException {
        try {
            return new DN(step.dn());
        } catch (LDAPException e) {
            throw new WriteBackException("group " + step.dn() + " cannot be renamed: its DN does not parse ("
                    + e.getMessage() + ")", false, e);
        }
    }

    private Modification nameChange(WriteStep.Rename r) {
        return new Modification(ModificationType.REPLACE, mapping.groupNameAttribute(), r.newName());
    }

    /** A replace with no value removes the attribute, and succeeds when there is none: idempotent either way (W2). */
    private Modification descriptionChange(WriteStep.SetDescription d) {
        return d.description()
                .map(text -> new Modification(ModificationType.REPLACE, mapping.descriptionAttribute(), text))
                .orElseGet(() -> new Modification(ModificationType.REPLACE, mapping.descriptionAttribute()));
    }

    @Override
    public Optional<String> normalize(String dn) {
        return Dns.normalized(dn);
    }

    private List<Modification> modifications(WriteStep.Modify m) {
        List<Modification> mods = new ArrayList<>();
        for (ValueChange c : m.changes()) {
            mods.add(new Modification(c.add() ? ModificationType.ADD : ModificationType.DELETE,
                    c.owner() ? mapping.ownerAttribute() : m.memberAttribute(), c.value().written()));
        }
        return mods;
    }

    private Entry entry(NewGroup g) throws WriteBackException {
        DN dn;
        try {
            dn = new DN(g.dn());
        } catch (LDAPException e) {
            throw new WriteBackException("'" + g.dn() + "' is not a DN: " + e.getExceptionMessage(), false, e);
        }
        if (!dn.isDescendantOf(groupBase, false)) {
            throw new WriteBackException(g.dn() + " is not below the group base " + groupBase
                    + " (directory.groupBase); the group was not created", false, null);
        }
        List<String> members = g.members().isEmpty() && !g.owners().isEmpty() ? List.of(g.owners().get(0)) : g.members();
        if (members.isEmpty() && needsMember(g.objectClasses())) {
            throw new WriteBackException(g.dn() + ": a " + String.join(" ", g.objectClasses()) + " entry needs at least"
                    + " one member, and the group has neither members nor owners; the group was not created", false,
                    null);
        }
        Entry entry = new Entry(dn);
        Set<String> classes = new LinkedHashSet<>(List.of("top"));
        g.objectClasses().stream().filter(c -> !c.equalsIgnoreCase("top")).forEach(classes::add);
        entry.addAttribute("objectClass", classes);
        RDN rdn = dn.getRDN();
        String[] names = rdn.getAttributeNames();
        String[] values = rdn.getAttributeValues();
        for (int i = 0; i < names.length; i++) {
            entry.addAttribute(names[i], values[i]);
        }
        entry.addAttribute(mapping.groupNameAttribute(), g.name());
        if (g.description() != null) {
            entry.addAttribute(mapping.descriptionAttribute(), g.description());
        }
        Optional<String> kindAttribute = mapping.mappedKindAttribute();
        if (kindAttribute.isPresent()) {
            String kind = mapper.kindValue(g.kind()).orElseThrow(() -> new WriteBackException(g.dn() + ": "
                    + kindAttribute.get() + " cannot record a " + g.kind().wireName() + " group; the group was not"
                    + " created", false, null));
            entry.addAttribute(kindAttribute.get(), kind);
        }
        mapping.mappedChannelAttribute().ifPresent(a -> entry.addAttribute(a, g.channel().wireName()));
        if (!g.owners().isEmpty()) {
            entry.addAttribute(mapping.ownerAttribute(), g.owners().toArray(String[]::new));
        }
        if (!members.isEmpty()) {
            entry.addAttribute(g.memberAttribute(), members.toArray(String[]::new));
        }
        return entry;
    }

    /** groupOfNames' member and groupOfUniqueNames' uniqueMember are MUST attributes in the standard schema. */
    private static boolean needsMember(List<String> objectClasses) {
        return objectClasses.stream().anyMatch(c -> c.equalsIgnoreCase("groupOfNames")
                || c.equalsIgnoreCase("groupOfUniqueNames"));
    }

    private static WriteBackException failure(String operation, String dn, LDAPException e) {
        DirectoryException d = new DirectoryException(operation, dn, e);
        return new WriteBackException(d.getMessage(), d.retryable(), d);
    }

    /** The two answers that mean a value is already as asked when the server has no permissive modify. */
    private static boolean alreadyAsAsked(ResultCode code) {
        return code == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS || code == ResultCode.NO_SUCH_ATTRIBUTE;
    }

    /** Keeps its connection for the whole run; one the server or the network broke goes back to be replaced. */
    private final class LdapSession implements Session {
        private final LdapPool.Lease lease;
        private final LDAPConnection connection;
        private final boolean permissive;

        LdapSession(LdapPool.Lease lease, boolean permissive) {
            this.lease = lease;
            this.connection = lease.connection();
            this.permissive = permissive;
        }

        private WriteBackException failed(String operation, String dn, LDAPException e) {
            lease.failed(e);
            return failure(operation, dn, e);
        }

        /**
         * A group's values are sent to the DN the store has for it, which is behind the directory when someone
         * renamed or moved the group there since the last reconcile. That reconcile brings the new DN, or marks the
         * group deleted, so the rows wait for it with their backoff instead of being parked: an approval is never
         * lost to a rename made in the directory at the same moment (found by the soak, issue 14).
         */
        private WriteBackException modifyFailed(String dn, LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return new WriteBackException("modify " + dn + ": the directory has no such entry (renamed, moved or"
                        + " deleted there since the last reconcile?); tried again after the next one", true, e);
            }
            return failed("modify", dn, e);
        }

        @Override
        public int modify(WriteStep.Modify step) throws WriteBackException {
            List<Modification> mods = modifications(step);
            if (mods.isEmpty()) {
                return 0;
            }
            ModifyRequest request = new ModifyRequest(step.dn(), mods);
            if (permissive) {
                request.addControl(new PermissiveModifyRequestControl());
            }
            try {
                connection.modify(request);
                return 1;
            } catch (LDAPException e) {
                if (permissive || !alreadyAsAsked(e.getResultCode())) {
                    throw modifyFailed(step.dn(), e);
                }
            }
            int sent = 1;
            for (Modification mod : mods) {
                sent++;
                try {
                    connection.modify(step.dn(), mod);
                } catch (LDAPException e) {
                    if (!alreadyAsAsked(e.getResultCode())) {
                        throw modifyFailed(step.dn(), e);
                    }
                }
            }
            return sent;
        }

        @Override
        public DirectoryGroup create(WriteStep.Create step) throws WriteBackException {
            NewGroup g = step.group();
            Entry entry = entry(g);
            SearchResultEntry existing = read(g.dn());
            if (existing != null) {
                if (step.mayAdopt() && isOwnEarlierTry(existing, g)) {
                    return mapped(existing);
                }
                throw new WriteBackException("an entry " + g.dn() + " already exists in the directory; the group"
                        + " was not created and nothing was written", false, null);
            }
            try {
                connection.add(entry);
            } catch (LDAPException e) {
                lease.failed(e);
                if (e.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
                    throw new WriteBackException("an entry " + g.dn() + " was created by someone else at the same"
                            + " time; the group was not created", false, e);
                }
                throw failed("add", g.dn(), e);
            }
            SearchResultEntry created = read(g.dn());
            if (created == null) {
                throw new WriteBackException(g.dn() + " was added but cannot be read back", true, null);
            }
            return mapped(created);
        }

        /** The entry an earlier try of this row added before the process died: a self-service group of this class. */
        private boolean isOwnEarlierTry(Entry existing, NewGroup g) {
            return g.objectClasses().stream().allMatch(existing::hasObjectClass)
                    && mapping.mappedChannelAttribute().map(a -> g.channel().wireName().equalsIgnoreCase(
                            existing.getAttributeValue(a))).orElse(true)
                    && g.name().equals(existing.getAttributeValue(mapping.groupNameAttribute()));
        }

        private SearchResultEntry read(String dn) throws WriteBackException {
            try {
                return connection.getEntry(dn, mapper.groupAttributes());
            } catch (LDAPException e) {
                throw failed("read", dn, e);
            }
        }

        private DirectoryGroup mapped(Entry entry) throws WriteBackException {
            ReconcileWarnings warnings = new ReconcileWarnings(5);
            return mapper.group(entry, warnings).orElseThrow(() -> new WriteBackException(entry.getDN()
                    + " is in the directory but cannot be stored: " + String.join("; ", warnings.kept()), false, null));
        }

        @Override
        public void setDescription(WriteStep.SetDescription step) throws WriteBackException {
            try {
                connection.modify(step.dn(), descriptionChange(step));
            } catch (LDAPException e) {
                throw failed("modify", step.dn(), e);
            }
        }

        @Override
        public String rename(WriteStep.Rename step) throws WriteBackException {
            Optional<RDN> rdn = newRdn(step);
            DN old = parsed(step);
            // A name that differs only where the RDN's matching rule does not look (case, spacing) keeps the DN.
            if (rdn.isEmpty() || rdn.get().equals(old.getRDN())) {
                try {
                    connection.modify(step.dn(), nameChange(step));
                } catch (LDAPException e) {
                    throw failed("modify", step.dn(), e);
                }
                return step.dn();
            }
            DN target = new DN(rdn.get(), old.getParent());
            SearchResultEntry there = read(target.toString());
            if (there != null) {
                if (step.groupId().equals(idOf(there))) {
                    // An earlier try renamed it and the process died before the store heard of it.
                    return there.getDN();
                }
                throw new WriteBackException("an entry " + target + " already exists in the directory; " + step.dn()
                        + " was not renamed and nothing was written", false, null);
            }
            try {
                connection.modifyDN(new ModifyDNRequest(step.dn(), rdn.get().toString(), true));
            } catch (LDAPException e) {
                lease.failed(e);
                if (e.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
                    throw new WriteBackException("an entry " + target + " was created by someone else at the same"
                            + " time; " + step.dn() + " was not renamed", false, e);
                }
                throw failure("modify DN", step.dn(), e);
            }
            SearchResultEntry renamed = read(target.toString());
            return renamed == null ? target.toString() : renamed.getDN();
        }

        private String idOf(SearchResultEntry entry) {
            ReconcileWarnings warnings = new ReconcileWarnings(5);
            return mapper.group(entry, warnings).map(DirectoryGroup::id).orElse(null);
        }

        @Override
        public void delete(WriteStep.Delete step) throws WriteBackException {
            try {
                connection.delete(step.dn());
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                    throw failed("delete", step.dn(), e);
                }
            }
        }

        @Override
        public void close() {
            lease.finished();
            lease.close();
        }
    }
}
