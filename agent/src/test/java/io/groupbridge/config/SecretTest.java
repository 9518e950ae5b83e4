package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringNeverShowsTheValue() {
        Secret secret = Secret.of("hunter2");

        assertThat(secret.toString()).isEqualTo("******");
        assertThat(new ServicePrincipalConfig("a", "cn=a,dc=b", secret).toString()).doesNotContain("hunter2");
    }

    @Test
    void revealsAndComparesByValue() {
        assertThat(Secret.of("x").reveal()).isEqualTo("x");
        assertThat(Secret.of("x")).isEqualTo(Secret.of("x")).hasSameHashCodeAs(Secret.of("x"))
                .isNotEqualTo(Secret.of("y"));
    }
}
