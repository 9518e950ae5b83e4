package io.groupbridge.dn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import io.groupbridge.model.Dn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one DN normalizer (issue 11, point 1): two spellings of one entry get one identity, two entries never share
 * one, and the identity is the one UnboundID's DN comparison uses, which the reconciler has always stored.
 */
class DnsTest {

    /** Pairs that name one entry, each hard in its own way. */
    private static final List<List<String>> SAME_ENTRY = List.of(
            List.of("CN=Ann  Smith ,OU=People,DC=Example,DC=com", "cn=ann smith,ou=people,dc=example,dc=com"),
            List.of("  cn = Ann , ou = People ", "cn=ann,ou=people"),
            List.of("cn=Smith\\, Ann,ou=people", "cn=Smith\\2C Ann,ou=people"),
            List.of("uid=b+cn=A,ou=x", "CN=a+UID=B,ou=x"),
            List.of("cn=Zoë Ärger,ou=x", "cn=ZOË ÄRGER,ou=x"),
            List.of("cn=Zoë,ou=x", "cn=Zo\\C3\\AB,ou=x"),
            List.of("cn=#04024869,ou=x", "cn=Hi,ou=x"),
            List.of("cn=\\ lead,ou=x", "cn=lead,ou=x"));

    /** Pairs that look alike but name two entries. */
    private static final List<List<String>> TWO_ENTRIES = List.of(
            List.of("cn=Smith\\, Ann,ou=people", "cn=Smith,cn=Ann,ou=people"),
            List.of("cn=a\\+sn=b,ou=x", "cn=a+sn=b,ou=x"),
            List.of("cn=Zoë,ou=x", "cn=Zoe,ou=x"),
            List.of("cn=a b,ou=x", "cn=ab,ou=x"),
            List.of("cn=a,ou=x", "cn=a,ou=x,dc=y"));

    @Test
    void spellingsOfOneEntryShareTheNormalizedForm() {
        for (List<String> pair : SAME_ENTRY) {
            assertThat(Dns.parse(pair.get(0)).orElseThrow().normalized()).as(pair.toString())
                    .isEqualTo(Dns.parse(pair.get(1)).orElseThrow().normalized());
        }
    }

    @Test
    void entriesThatOnlyLookAlikeStayApart() {
        for (List<String> pair : TWO_ENTRIES) {
            assertThat(Dns.parse(pair.get(0)).orElseThrow().normalized()).as(pair.toString())
                    .isNotEqualTo(Dns.parse(pair.get(1)).orElseThrow().normalized());
        }
    }

    @Test
    void theIdentityIsUnboundIdsDnComparison() throws LDAPException {
        for (List<String> pair : concat(SAME_ENTRY, TWO_ENTRIES)) {
            Dn a = Dns.parse(pair.get(0)).orElseThrow();
            Dn b = Dns.parse(pair.get(1)).orElseThrow();
            assertThat(a.normalized().equals(b.normalized())).as(pair.toString())
                    .isEqualTo(new DN(pair.get(0)).equals(new DN(pair.get(1))));
        }
    }

    @Test
    void theWrittenFormIsKeptAsTyped() {
        Dn dn = Dns.parse("CN=Ann  Smith ,OU=People").orElseThrow();

        assertThat(dn.written()).isEqualTo("CN=Ann  Smith ,OU=People");
        assertThat(dn.normalized()).isEqualTo("cn=ann smith,ou=people");
    }

    @Test
    void nonAsciiIsNormalizedToEscapedUtf8() {
        assertThat(Dns.normalized("cn=ZOË,ou=x")).contains("cn=zo\\c3\\ab,ou=x");
    }

    @Test
    void theEmptyDnNamesNoEntry() throws LDAPException {
        assertThat(Dns.parse("")).isEmpty();
        assertThat(Dns.parsed("")).isEmpty();
    }

    @Test
    void malformedTextIsNoDnAndSaysWhy() {
        assertThat(Dns.parse("not a dn")).isEmpty();
        assertThat(Dns.normalized("cn=a,,ou=x")).isEmpty();
        assertThatThrownBy(() -> Dns.parsed("not a dn")).isInstanceOf(LDAPException.class);
    }

    private static List<List<String>> concat(List<List<String>> a, List<List<String>> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
