package io.groupbridge.config;

/**
 * What the daemon's metrics are exposed through.
 *
 * @param jmx whether the meters are registered as JMX MBeans (domain {@code groupbridge})
 * @param prometheusPort the loopback port of a Prometheus text endpoint at {@code /metrics}; 0 for none
 */
public record MetricsConfig(boolean jmx, int prometheusPort) {

    public MetricsConfig {
        if (prometheusPort < 0 || prometheusPort > 65535) {
            throw new IllegalArgumentException("prometheusPort out of range: " + prometheusPort);
        }
    }

    public static MetricsConfig defaults() {
        return new MetricsConfig(true, 0);
    }
}
