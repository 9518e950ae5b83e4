/**
 * Self-service rules: who may see, join, manage, create and delete which groups, under the tenant settings (spec
 * G, P, S, L, A and R). Pure decisions over values, with no I/O: the caller gathers the facts
 * ({@link io.groupbridge.selfservice.rules.GroupFacts}, {@link io.groupbridge.selfservice.rules.Actor}), asks
 * {@link io.groupbridge.selfservice.rules.Rules}, {@link io.groupbridge.selfservice.rules.Panel} or
 * {@link io.groupbridge.selfservice.rules.RequestTransitions}, and records each
 * {@link io.groupbridge.selfservice.rules.Decision} before anything is written. Owns the tenant settings
 * ({@link io.groupbridge.selfservice.rules.TenantSettings}) and the join-request state machine. The actor carries the
surface it asks from ({@link io.groupbridge.selfservice.rules.Surface}), so S2 reaches every action asked on the web
panel and none asked on the API or the command line.
 *
 * <p>Imports only {@code java.*} and {@code model}, the shared vocabulary (ArchitectureTest holds it): no store,
 * directory, clock or notification, and none of the use cases in {@code selfservice} that call it, so every surface
 * (command line, daemon, web panel) gets the same answers and the rules are tested as plain tables.
 */
package io.groupbridge.selfservice.rules;
