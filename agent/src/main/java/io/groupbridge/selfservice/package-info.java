/**
 * Self-service use cases: the actions a person or a service principal takes on groups, members, owners and join
 * requests, split by use case: {@link io.groupbridge.selfservice.GroupService} (create, find, edit, delete, block),
 * {@link io.groupbridge.selfservice.MembershipService} (join, leave, members and owners),
 * {@link io.groupbridge.selfservice.RequestService} (decide, cancel, expire, list requests) and
 * {@link io.groupbridge.selfservice.SelfServiceViews} (the actor, my groups, audit, outbox access, settings), handed
 * to every surface together as one {@link io.groupbridge.selfservice.SelfService}. Each action gathers the facts
 * from the store, asks the pure rules in {@code selfservice.rules} ({@link io.groupbridge.selfservice.rules.Rules},
 * {@link io.groupbridge.selfservice.rules.RequestTransitions}), records each decision in the audit log and queues
 * the directory change in the outbox, in one transaction (the plumbing they share is the package-private
 * {@code ActionSupport}), over ports declared here
 * ({@link io.groupbridge.selfservice.SelfServiceStore}, {@link io.groupbridge.selfservice.DirectoryNames},
 * {@link io.groupbridge.selfservice.Credentials}, implemented in {@code store} and {@code directory}, and
 * {@link io.groupbridge.selfservice.NotificationSink}, implemented in {@code notify}).
 *
 * <p>Imports {@code model} and {@code selfservice.rules}; never the adapters ({@code store}, {@code directory},
 * {@code notify}), the entry points ({@code cli}, {@code daemon}), LDAP or SQL (ArchitectureTest holds it).
 */
package io.groupbridge.selfservice;
