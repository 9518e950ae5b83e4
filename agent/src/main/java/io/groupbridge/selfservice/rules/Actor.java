package io.groupbridge.selfservice.rules;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The principal an action is decided for, after it proved its identity (spec A16).
 *
 * @param dn       normalized DN of the person or service account
 * @param kind     person or service principal
 * @param roles    admin roles held, empty for a plain user
 * @param groupDns normalized DNs of every group the actor belongs to, nested membership included; used for S5,
 *                 S6 {@code selected} and the S7 licence group
 * @param surface  where the actor asks from: set where the command line or the web server signs the person in, so
 *                 that every action applies S2 on the panel and only there, without a parameter of its own
 */
public record Actor(String dn, ActorKind kind, Set<AdminRole> roles, Set<String> groupDns, Surface surface) {

    public Actor {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        groupDns = Set.copyOf(Objects.requireNonNull(groupDns, "groupDns"));
        Objects.requireNonNull(surface, "surface");
    }

    /** An actor on the API, the surface whose rules are the A table alone (as the command line's are). */
    public Actor(String dn, ActorKind kind, Set<AdminRole> roles, Set<String> groupDns) {
        this(dn, kind, roles, groupDns, Surface.API);
    }

    /** The same actor asking from {@code where}. */
    public Actor on(Surface where) {
        return new Actor(dn, kind, roles, groupDns, where);
    }

    /** Whether the actor asks from the My Groups web panel, where S2 applies. */
    public boolean onPanel() {
        return surface == Surface.PANEL;
    }

    /** A person without admin roles. */
    public static Actor user(String dn, Set<String> groupDns) {
        return new Actor(dn, ActorKind.PERSON, Set.of(), groupDns);
    }

    /** A person holding {@code role}. */
    public static Actor administrator(String dn, AdminRole role, Set<String> groupDns) {
        return new Actor(dn, ActorKind.PERSON, EnumSet.of(role), groupDns);
    }

    public static Actor servicePrincipal(String dn) {
        return new Actor(dn, ActorKind.SERVICE_PRINCIPAL, Set.of(), Set.of());
    }

    public boolean isAdministrator() {
        return !roles.isEmpty();
    }

    public boolean isServicePrincipal() {
        return kind == ActorKind.SERVICE_PRINCIPAL;
    }

    /**
     * Whether the tenant settings and licences leave this actor alone: administrators (S10) and service principals
     * (S9) are not limited by S2-S6, and by groupbridge's decision not by L1-L3 either, since a licence is a
     * per-user entitlement and the admin column of the A table is unconditional.
     */
    public boolean isPrivileged() {
        return isAdministrator() || isServicePrincipal();
    }

    public boolean isMemberOf(String groupDn) {
        return groupDns.contains(groupDn);
    }

    /** Whether S7 assigns this actor the premium licence; a fact only, privileged actors are exempted by {@link Rules}. */
    public boolean hasPremiumLicense(TenantSettings settings) {
        return settings.premiumLicense().covers(groupDns);
    }
}
