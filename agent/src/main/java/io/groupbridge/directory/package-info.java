/**
 * LDAP through the UnboundID SDK: the adapters of the ports {@code sync} and {@code selfservice} declare. Streamed
 * reads ({@link io.groupbridge.directory.LdapSnapshotSource}: paged, unpaged on the embedded server, RFC 4533 content
 * sync where the server offers it, ranged values on Active Directory), the entry mapping of the conf's profile
 * ({@link io.groupbridge.directory.EntryMapper}), the idempotent write-back
 * ({@link io.groupbridge.directory.LdapMembershipWriter}), sign-in by bind
 * ({@link io.groupbridge.directory.LdapCredentials}) and DNs built with the SDK's escaping, never by concatenation.
 * It may import {@code model}, {@code config}, {@code sync} and {@code selfservice} port types; no SQL.
 */
package io.groupbridge.directory;
