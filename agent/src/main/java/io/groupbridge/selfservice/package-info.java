/**
 * Self-service rules: who may see, join, manage, create and delete which groups, under the tenant settings (spec
 * G, P, S, L, A and R). Pure decisions over values, with no I/O: the agent's service layer gathers the facts from
 * the store ({@link io.groupbridge.selfservice.GroupFacts}, {@link io.groupbridge.selfservice.Actor}), asks
 * {@link io.groupbridge.selfservice.Rules} and {@link io.groupbridge.selfservice.RequestTransitions}, and records
 * each {@link io.groupbridge.selfservice.Decision} in the audit log before anything is written back to the directory.
 * This package imports no other groupbridge package.
 */
package io.groupbridge.selfservice;
