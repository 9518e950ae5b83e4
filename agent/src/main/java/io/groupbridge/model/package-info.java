/**
 * The ground floor: the vocabulary every other package shares, as values with no behaviour beyond their own rules and
 * wire names. A {@link io.groupbridge.model.Dn} as written and normalized (parsed by {@code dn.Dns}, the one
 * normalizer, since that needs a real DN parser); a group's {@link io.groupbridge.model.GroupKind}, creation
 * {@link io.groupbridge.model.Channel}, {@link io.groupbridge.model.JoinPolicy} (with the spec's P table of defaults),
 * its {@link io.groupbridge.model.Eligibility} for self-service (G3-G6), and the
 * {@link io.groupbridge.model.OutboxOperation} an outbox row asks the directory for, stored by its wire name; a
 * {@link io.groupbridge.model.NewGroup} to create and its outbox payload, written and read by one
 * {@link io.groupbridge.model.CreateGroupPayload}. Imports only {@code java.*} (the payload codec adds Jackson); every
 * groupbridge package may import it, so it may import none of them (ArchitectureTest holds both).
 */
package io.groupbridge.model;
