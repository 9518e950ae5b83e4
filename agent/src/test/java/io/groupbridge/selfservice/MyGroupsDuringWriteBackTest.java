package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.directory.LdapDirectoryNames;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * My groups while a new group's write-back commits: the commit retires the group's provisional row (its id changes to
 * the directory's), and at read committed a listing that found the row can then fail to load it. The web panel's
 * page after "Create group" is My groups, read at just that moment, and showed an error instead of the group.
 */
class MyGroupsDuringWriteBackTest {

    @TempDir
    Path home;

    @Test
    void aGroupWhoseIdChangesWhileMyGroupsReadsIsListedNotAnError() throws Exception { // spec R6
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE); GroupbridgeApp app = t.openApp()) {
            SelfServiceSource wiring = app.selfService();
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Actor heidi = wiring.actions().views().actorFor("uid=heidi,ou=people,dc=example,dc=com",
                    ActorKind.PERSON);
            ActionResult created = wiring.actions().groups().createGroup(heidi, GroupKind.UNIFIED, "Go Guild", "",
                    Optional.of(JoinPolicy.OPEN), List.of());
            assertThat(created.allowed()).as(created.message()).isTrue();
            String provisional = app.store().queries().findGroups("Go Guild", null).get(0).id();

            // The first load of the group misses it, as when the write-back's commit lands between the two reads.
            AtomicReference<String> vanishOnce = new AtomicReference<>(provisional);
            SelfServiceStore store = app.store().selfServiceStore();
            SelfServiceStore racing = (SelfServiceStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {SelfServiceStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("inTransaction")) {
                            @SuppressWarnings("unchecked")
                            java.util.function.Function<SelfServiceStore.Tx, Object> work =
                                    (java.util.function.Function<SelfServiceStore.Tx, Object>) args[0];
                            return store.inTransaction(tx -> work.apply(vanishing(tx, vanishOnce)));
                        }
                        return invoke(method, store, args);
                    });
            GroupbridgeConfig c = app.config();
            SelfService views = SelfService.over(racing, new LdapDirectoryNames(c.directory().groupBase(), "cn"),
                    new SelfServiceOptions(GroupbridgeApp.tenantSettings(c.settings()), java.util.Map.of(),
                            c.requests().expireAfter(), new GroupTemplate(List.of("groupOfNames", "gbGroup"), "member",
                            java.util.Set.of(GroupKind.SECURITY, GroupKind.UNIFIED)), 64),
                    new NotificationSink() {
                        @Override
                        public void send(Notification notification) {
                        }

                        @Override
                        public void close() {
                        }
                    }, Clock.systemUTC());

            List<MyGroup> mine = views.views().myGroups(heidi);
            assertThat(vanishOnce.get()).as("the group was missed once").isNull();
            assertThat(mine).extracting(m -> m.group().name()).contains("Go Guild");
        }
    }

    private static SelfServiceStore.Tx vanishing(SelfServiceStore.Tx tx, AtomicReference<String> vanishOnce) {
        return (SelfServiceStore.Tx) Proxy.newProxyInstance(MyGroupsDuringWriteBackTest.class.getClassLoader(),
                new Class<?>[] {SelfServiceStore.Tx.class}, (proxy, method, args) -> {
                    if (method.getName().equals("group") && args[0].equals(vanishOnce.get())
                            && vanishOnce.compareAndSet((String) args[0], null)) {
                        return Optional.empty();
                    }
                    return invoke(method, tx, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
