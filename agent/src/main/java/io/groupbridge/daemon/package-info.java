/**
 * The daemon ({@code groupbridge run}): Quartz jobs that drive the {@code sync} side on a schedule, the live conf they
 * read at every cycle (spec C2, C3), and a bounded, clean stop. An entry point like {@code cli}: it wires nothing
 * itself and gets everything from the composition root.
 */
package io.groupbridge.daemon;
