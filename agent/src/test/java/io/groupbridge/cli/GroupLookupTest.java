package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.SelfServiceWiring;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.model.GroupKind;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one lookup of a group by name or DN that every command (groups show, request, join, ...) goes through. */
class GroupLookupTest {

    @TempDir
    Path home;

    /** Issue 10, finding 11: a decomposed (NFD) spelling of a name finds the group stored in NFC. */
    @Test
    void aDecomposedNameFindsTheGroupStoredComposed() throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE); GroupbridgeApp app = t.openApp();
                SelfServiceWiring wiring = SelfServiceWiring.open(app, Clock.systemUTC())) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            ActionResult created = wiring.actions().createGroup(
                    wiring.signIn().person("heidi", DemoConf.PASSWORD.toCharArray()), GroupKind.SECURITY,
                    "Caf\u00e9 Z\u00fcrich", null, Optional.empty(), List.of());
            String decomposed = Normalizer.normalize("Caf\u00e9 Z\u00fcrich", Normalizer.Form.NFD);
            assertThat(decomposed).isNotEqualTo("Caf\u00e9 Z\u00fcrich");

            assertThat(GroupsCommand.resolve(app.store().queries(), decomposed).id())
                    .isEqualTo(created.groupId().orElseThrow());
            assertThat(GroupsCommand.resolve(app.store().queries(), "  " + decomposed.toUpperCase() + " ").id())
                    .isEqualTo(created.groupId().orElseThrow());
        }
    }
}
