/**
 * The one DN normalizer, {@link io.groupbridge.dn.Dns}: text in, {@link io.groupbridge.model.Dn} out, through
 * UnboundID's parser. A package of its own, below {@code config}, {@code directory} and the composition root, because
 * the configured, stored and compared forms of a DN must agree to the byte, and a parser inside {@code directory}
 * made {@code config} depend on the adapter that depends on it. It may import only {@code model} and UnboundID's
 * {@code DN} (ArchitectureTest).
 */
package io.groupbridge.dn;
