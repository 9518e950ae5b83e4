/**
 * The agent's configuration: immutable records read once from {@code conf/groupbridge.yaml} by
 * {@link io.groupbridge.config.ConfigLoader} (spec C1, C2).
 *
 * <p>Everything downstream ({@code directory}, {@code store}, {@code sync}, {@code daemon}, {@code cli}) receives
 * these records from the composition root and never reads the file, the environment or system properties itself.
 * The loader validates every value up front and reports a bad one with file, line, dotted key and what was expected;
 * secrets are wrapped in {@link io.groupbridge.config.Secret} so that no {@code toString} or error message can leak
 * them.
 */
package io.groupbridge.config;
