/**
 * Self-service rules: who may see, join, manage, create and delete which groups, under the tenant settings (spec
 * G, P, S, L, A and R). Pure decisions over values, with no I/O: the agent's service layer gathers the facts from
 * the store ({@link io.groupbridge.selfservice.GroupFacts}, {@link io.groupbridge.selfservice.Actor}), asks
 * {@link io.groupbridge.selfservice.Rules} and {@link io.groupbridge.selfservice.RequestTransitions}, and records
 * each {@link io.groupbridge.selfservice.Decision} in the audit log before anything is written back to the directory.
 * The rules import no other groupbridge package than {@code model}, the shared vocabulary. {@link io.groupbridge.selfservice.SelfServiceActions} runs the
 * actions over ports declared here ({@link io.groupbridge.selfservice.SelfServiceStore},
 * {@link io.groupbridge.selfservice.DirectoryNames}, {@link io.groupbridge.selfservice.Credentials}), implemented in
 * {@code store} and {@code directory}, and tells people through {@code notify}'s sink contract.
 */
package io.groupbridge.selfservice;
