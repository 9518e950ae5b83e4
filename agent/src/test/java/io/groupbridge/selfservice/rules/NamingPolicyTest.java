package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The naming policy's rules N1-N5, table-driven: what a name becomes and which rule refuses it. */
class NamingPolicyTest {

    private static final Actor HEIDI = Actor.user("uid=heidi,ou=people,dc=example,dc=com", Set.of());
    private static final Actor BOB = Actor.administrator("uid=bob,ou=people,dc=example,dc=com",
            AdminRole.GROUPS_ADMINISTRATOR, Set.of());
    private static final Actor AUTOMATION = Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com");
    private static final NamingPolicy POLICY = new NamingPolicy("GRP-[Department]-", " ([c])", Set.of("CEO",
            "Payroll"));
    private static final Map<String, String> SALES_DE = Map.of("department", "Sales", "c", "DE");

    private static NamingPolicy.Named name(Actor actor, String typed, Map<String, String> attributes) {
        return POLICY.name(actor, typed, attributes, 64, "v1");
    }

    @Test
    void aUsersNameGetsThePrefixAndSuffixWithTheirAttributes() { // spec N1
        NamingPolicy.Named named = name(HEIDI, "Rust Guild", SALES_DE);

        assertThat(named.name()).isEqualTo("GRP-Sales-Rust Guild (DE)");
        assertThat(named.decision().allowed()).isTrue();
        assertThat(named.decision().rule()).isEqualTo("N1");
    }

    @Test
    void aNameThatAlreadyCarriesThePrefixAndSuffixIsNotGivenThemTwice() { // spec N1, N6
        assertThat(name(HEIDI, "GRP-Sales-Rust Guild (DE)", SALES_DE).name()).isEqualTo("GRP-Sales-Rust Guild (DE)");
    }

    @Test
    void theAttributesThePolicyNamesAreListedLowerCase() { // spec N1
        assertThat(POLICY.attributes()).containsExactlyInAnyOrder("department", "c");
        assertThat(NamingPolicy.none().attributes()).isEmpty();
    }

    @Test
    void aCreatorWithoutAnAttributeThePolicyNamesIsRefused() { // spec N2
        NamingPolicy.Named named = name(HEIDI, "Rust Guild", Map.of("department", " ", "c", "DE"));

        assertThat(named.decision().allowed()).isFalse();
        assertThat(named.decision().rule()).isEqualTo("N2");
        assertThat(named.decision().reason()).contains("department");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CEO office|ceo",
            "the ceo's team|ceo",
            "Team-PAYROLL|payroll",
            "Ｃeo|ceo",
            "Pay roll|"})
    void blockedWordsAreWholeWordsIgnoringCase(String typed, String blocked) { // spec N3
        NamingPolicy.Named named = name(HEIDI, typed, SALES_DE);

        if (blocked == null) {
            assertThat(named.decision().allowed()).isTrue();
        } else {
            assertThat(named.decision().rule()).isEqualTo("N3");
            assertThat(named.decision().reason()).contains("'" + blocked + "'");
        }
    }

    @Test
    void aBlockedWordInsideAnotherWordIsNoMatch() { // spec N3
        assertThat(name(HEIDI, "CEOs and Payrollers", SALES_DE).decision().allowed()).isTrue();
    }

    @Test
    void aNameTooLongWithPrefixAndSuffixIsRefused() { // spec N4
        String typed = "x".repeat(50);
        NamingPolicy.Named named = name(HEIDI, typed, SALES_DE);

        assertThat(named.decision().rule()).isEqualTo("N4");
        assertThat(named.decision().reason()).contains("64");
        assertThat(name(HEIDI, "x".repeat(41), SALES_DE).decision().allowed()).isTrue();
    }

    @Test
    void administratorsAndServicePrincipalsAreExempt() { // spec N5
        for (Actor privileged : new Actor[] {BOB, AUTOMATION}) {
            NamingPolicy.Named named = name(privileged, "CEO office", Map.of());

            assertThat(named.name()).isEqualTo("CEO office");
            assertThat(named.decision().allowed()).isTrue();
            assertThat(named.decision().rule()).isEqualTo("N5");
        }
    }

    @Test
    void withoutAPolicyEveryNameIsTakenAsTyped() { // spec N5
        NamingPolicy.Named named = NamingPolicy.none().name(HEIDI, "CEO office", Map.of(), 64, "v1");

        assertThat(named.name()).isEqualTo("CEO office");
        assertThat(named.decision().allowed()).isTrue();
    }
}
