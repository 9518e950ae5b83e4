package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.selfservice.rules.TenantSettings;
import io.groupbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Signing in on fake ports (spec A16): a person by login and password, a service principal by name and password or
 * by token, and the lock-outs that hold a login or an address after repeated failures.
 */
class SignInTest {

    private static final String ALICE = "uid=alice,ou=people,dc=example,dc=com";
    private static final String ROBOT = "cn=robot,ou=apps,dc=example,dc=com";
    private static final Optional<String> ADDRESS = Optional.of("192.0.2.7");

    private final FakeDirectoryNames names = new FakeDirectoryNames();
    private final InMemorySelfServiceStore store = new InMemorySelfServiceStore(names);
    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));
    private final List<String> asked = new ArrayList<>();
    private final Credentials directory = new Credentials() {
        @Override
        public Optional<String> verifyPerson(String login, char[] password) {
            asked.add(login);
            return login.equals("alice") && new String(password).equals("secret") ? Optional.of(ALICE)
                    : Optional.empty();
        }

        @Override
        public boolean verifyDn(String dn, char[] password) {
            asked.add(dn);
            return dn.equals(ROBOT) && new String(password).equals("robot-secret");
        }
    };
    private final SignIn signIn = new SignIn(directory, store, SelfService.over(store, names,
            new SelfServiceOptions(TenantSettings.defaults(), Map.of(), Duration.ofDays(30),
                    new GroupTemplate(List.of("groupOfNames"), "member", Set.of()),
                    SelfServiceOptions.DEFAULT_MAX_NAME_LENGTH), new RecordingNotifications(), clock).views(),
            List.of(new ServicePrincipal("robot", ROBOT, "robot-secret",
                    Optional.of(SignIn.sha256("robot-token")))), clock);

    @Test
    void aPersonSignsInWithTheirPasswordWhichIsWipedAfterwards() throws Exception { // spec A16
        store.addPerson(ALICE, "alice");
        char[] password = "secret".toCharArray();

        assertThat(signIn.person(" alice ", password).dn()).isEqualTo(ALICE);
        assertThat(password).containsOnly('\0');
        assertThatThrownBy(() -> signIn.person("alice", "wrong".toCharArray()))
                .isInstanceOf(SignInException.class).hasMessage(SignInException.INVALID_CREDENTIALS);
    }

    @Test
    void anEmptyLoginOrPasswordIsRefusedWithoutAskingTheDirectory() { // spec A16
        assertThatThrownBy(() -> signIn.person("alice", new char[0])).isInstanceOf(SignInException.class);
        assertThatThrownBy(() -> signIn.person(" ", "secret".toCharArray())).isInstanceOf(SignInException.class);
        assertThatThrownBy(() -> signIn.person(null, "secret".toCharArray())).isInstanceOf(SignInException.class);

        assertThat(asked).isEmpty();
    }

    @Test
    void fiveFailuresLockTheLoginForFifteenMinutesEvenAgainstTheRightPassword() throws Exception { // spec A16
        store.addPerson(ALICE, "alice");
        for (int i = 0; i < SignIn.MAX_FAILURES; i++) {
            assertThatThrownBy(() -> signIn.person("Alice", "wrong".toCharArray())).isInstanceOf(SignInException.class);
        }
        asked.clear();

        assertThatThrownBy(() -> signIn.person("alice", "secret".toCharArray())).isInstanceOf(SignInException.class);
        assertThat(asked).as("a locked login is not tried").isEmpty();

        clock.advance(SignIn.LOCKOUT.minusSeconds(1));
        assertThatThrownBy(() -> signIn.person("alice", "secret".toCharArray())).isInstanceOf(SignInException.class);
        clock.advance(Duration.ofSeconds(1));

        assertThat(signIn.person("alice", "secret".toCharArray()).dn()).isEqualTo(ALICE);
    }

    @Test
    void aSuccessClearsTheFailuresAndOldFailuresStartANewCount() throws Exception { // spec A16
        store.addPerson(ALICE, "alice");
        failTimes("alice", SignIn.MAX_FAILURES - 1);
        signIn.person("alice", "secret".toCharArray());
        failTimes("alice", SignIn.MAX_FAILURES - 1);

        assertThat(signIn.person("alice", "secret".toCharArray()).dn()).as("four and four are not five").isEqualTo(ALICE);

        failTimes("alice", SignIn.MAX_FAILURES - 1);
        clock.advance(SignIn.LOCKOUT);
        failTimes("alice", 1);

        assertThat(signIn.person("alice", "secret".toCharArray()).dn()).as("four long ago and one now")
                .isEqualTo(ALICE);
    }

    @Test
    void anAddressFailingOftenWaitsLongerBeforeEachTryAndTwentyFailuresHoldIt() throws Exception { // spec A16
        store.addPerson(ALICE, "alice");
        for (int i = 0; i < SignIn.ADDRESS_FREE_FAILURES; i++) {
            int n = i;
            assertThatThrownBy(() -> signIn.person("guess" + n, "x".toCharArray(), ADDRESS))
                    .isInstanceOf(SignInException.class);
        }

        assertThatThrownBy(() -> signIn.person("alice", "secret".toCharArray(), ADDRESS))
                .as("held for a second after the fifth failure").isInstanceOf(SignInException.class);
        assertThat(signIn.person("alice", "secret".toCharArray(), Optional.of("198.51.100.1")).dn())
                .as("another address is not held").isEqualTo(ALICE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(signIn.person("alice", "secret".toCharArray(), ADDRESS).dn()).isEqualTo(ALICE);

        for (int i = SignIn.ADDRESS_FREE_FAILURES; i < SignIn.ADDRESS_MAX_FAILURES; i++) {
            int n = i;
            clock.advance(SignIn.MAX_BACK_OFF);
            assertThatThrownBy(() -> signIn.person("guess" + n, "x".toCharArray(), ADDRESS))
                    .isInstanceOf(SignInException.class);
        }
        clock.advance(SignIn.MAX_BACK_OFF.plusSeconds(1));

        assertThatThrownBy(() -> signIn.person("alice", "secret".toCharArray(), ADDRESS))
                .as("twenty failures hold the address past the longest back-off").isInstanceOf(SignInException.class);
        clock.advance(SignIn.LOCKOUT);
        assertThat(signIn.person("alice", "secret".toCharArray(), ADDRESS).dn()).isEqualTo(ALICE);
    }

    @Test
    void aServicePrincipalSignsInByNameAndPasswordOrByItsToken() throws Exception { // spec A16
        assertThat(signIn.servicePrincipal("robot").isServicePrincipal()).isTrue();
        assertThat(signIn.servicePrincipal(" robot ", "robot-secret".toCharArray(), Optional.empty()).dn())
                .isEqualTo(ROBOT);
        assertThat(signIn.bearer("robot-token", ADDRESS).dn()).isEqualTo(ROBOT);

        assertThatThrownBy(() -> signIn.servicePrincipal("robot", "wrong".toCharArray(), Optional.empty()))
                .isInstanceOf(SignInException.class);
        assertThatThrownBy(() -> signIn.servicePrincipal("nobody", "robot-secret".toCharArray(), Optional.empty()))
                .isInstanceOf(SignInException.class);
        assertThatThrownBy(() -> signIn.servicePrincipal("robot", new char[0], Optional.empty()))
                .isInstanceOf(SignInException.class);
        assertThatThrownBy(() -> signIn.bearer("stolen", ADDRESS)).isInstanceOf(SignInException.class);
        assertThatThrownBy(() -> signIn.bearer(null, Optional.empty())).isInstanceOf(SignInException.class);
    }

    @Test
    void aServicePrincipalIsLockedOutLikeAPersonItsPasswordIsWipedAndATokenFromAHeldAddressIsRefused()
            throws Exception { // spec A16
        char[] password = "robot-secret".toCharArray();
        signIn.servicePrincipal("robot", password, Optional.empty());
        assertThat(password).containsOnly('\0');

        for (int i = 0; i < SignIn.MAX_FAILURES; i++) {
            assertThatThrownBy(() -> signIn.servicePrincipal("robot", "wrong".toCharArray(), Optional.empty()))
                    .isInstanceOf(SignInException.class);
        }
        assertThatThrownBy(() -> signIn.servicePrincipal("robot", "robot-secret".toCharArray(), Optional.empty()))
                .as("locked out").isInstanceOf(SignInException.class);
        clock.advance(SignIn.LOCKOUT);
        signIn.servicePrincipal("robot", "robot-secret".toCharArray(), Optional.empty());
        failTimesAsRobot(SignIn.MAX_FAILURES - 1);
        assertThat(signIn.servicePrincipal("robot", "robot-secret".toCharArray(), Optional.empty()).dn())
                .as("the success before cleared the count").isEqualTo(ROBOT);

        for (int i = 0; i < SignIn.ADDRESS_MAX_FAILURES; i++) {
            clock.advance(SignIn.MAX_BACK_OFF);
            assertThatThrownBy(() -> signIn.bearer("guess", ADDRESS)).isInstanceOf(SignInException.class);
        }
        assertThatThrownBy(() -> signIn.bearer("robot-token", ADDRESS)).isInstanceOf(SignInException.class);
    }

    @Test
    void eachFailureAfterTheFreeOnesDoublesTheAddresssWait() throws Exception { // spec A16
        store.addPerson(ALICE, "alice");
        for (int i = 0; i <= SignIn.ADDRESS_FREE_FAILURES; i++) {
            int n = i;
            assertThatThrownBy(() -> signIn.person("guess" + n, "x".toCharArray(), ADDRESS))
                    .isInstanceOf(SignInException.class);
            if (i == SignIn.ADDRESS_FREE_FAILURES - 1) {
                clock.advance(Duration.ofSeconds(1));
            }
        }

        clock.advance(Duration.ofMillis(1500));
        assertThatThrownBy(() -> signIn.person("alice", "secret".toCharArray(), ADDRESS))
                .as("two seconds after the sixth failure, not one").isInstanceOf(SignInException.class);
        clock.advance(Duration.ofMillis(500));
        assertThat(signIn.person("alice", "secret".toCharArray(), ADDRESS).dn()).isEqualTo(ALICE);
    }

    @Test
    void aServicePrincipalShowsItsNameAndDnButNeverItsPassword() { // spec S9
        ServicePrincipal sp = new ServicePrincipal("robot", ROBOT, "robot-secret");

        assertThat(sp).hasToString("ServicePrincipal[name=robot, dn=" + ROBOT + "]");
    }

    private void failTimesAsRobot(int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> signIn.servicePrincipal("robot", "wrong".toCharArray(), Optional.empty()))
                    .isInstanceOf(SignInException.class);
        }
    }

    private void failTimes(String login, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> signIn.person(login, "wrong".toCharArray())).isInstanceOf(SignInException.class);
        }
    }
}
