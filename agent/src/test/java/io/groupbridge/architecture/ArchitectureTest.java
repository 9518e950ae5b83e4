package io.groupbridge.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SingleServerSet;
import io.groupbridge.selfservice.Credentials;
import io.groupbridge.selfservice.DirectoryNames;
import io.groupbridge.selfservice.NotificationSink;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.SelfServiceStore;
import io.groupbridge.selfservice.SignIn;
import java.util.List;

/**
 * The package plan (issue 11), checked at build time so it stays true: {@code model} is the ground floor and
 * imports nothing of groupbridge (the create-group payload's codec adds Jackson); the self-service rules import only
 * the JDK and {@code model}; self-service declares its notification port; the sync side does not stand on
 * self-service; the use cases reach LDAP and SQL only through their ports; only {@code store} speaks SQL; only
 * {@code directory} opens connections to the directory; only {@code cli.Main} ends the JVM; only the composition
 * root builds the self-service use cases and the notification receivers, and the surfaces get them finished.
 */
@AnalyzeClasses(packages = "io.groupbridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modelImportsOnlyTheJdk = classes().that().resideInAPackage("io.groupbridge.model..")
            .and().doNotHaveSimpleName("CreateGroupPayload")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.groupbridge.model..")
            .because("every package may import the shared vocabulary, so it may import none of them");

    @ArchTest
    static final ArchRule thePayloadCodecAddsOnlyJackson = classes().that().haveFullyQualifiedName(
                    "io.groupbridge.model.CreateGroupPayload")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.groupbridge.model..",
                    "com.fasterxml.jackson..")
            .because("the outbox payload's writer and reader live side by side, on the project's JSON library");

    @ArchTest
    static final ArchRule selfServiceRulesArePure = classes().that()
            .resideInAPackage("io.groupbridge.selfservice.rules..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.groupbridge.model..",
                    "io.groupbridge.selfservice.rules..")
            .because("the rules are pure decisions over values, the same for every surface (issue 11, point 2)");

    @ArchTest
    static final ArchRule syncDoesNotStandOnSelfService = noClasses().that().resideInAPackage("io.groupbridge.sync..")
            .should().dependOnClassesThat().resideInAPackage("io.groupbridge.selfservice..")
            .because("reconcile and write-back serve the CLI, the daemon and the web panel alike");

    /** Issue 11's acceptance: the adapters meet self-service only where they implement one of its ports. */
    @ArchTest
    static final ArchRule adaptersUseSelfServiceOnlyToImplementItsPorts = classes().that()
            .resideInAnyPackage("io.groupbridge.store..", "io.groupbridge.directory..")
            .and(dependOnSelfService())
            .should(implementASelfServicePort())
            .because("store and directory serve reconcile and write-back as much as self-service; only the classes"
                    + " that implement a self-service port may know its types");

    private static DescribedPredicate<JavaClass> dependOnSelfService() {
        return describe("depend on io.groupbridge.selfservice", c -> c.getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("io.groupbridge.selfservice")));
    }

    private static ArchCondition<JavaClass> implementASelfServicePort() {
        return new ArchCondition<>("implement a self-service port, or be nested in a class that does") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean implementsPort = false;
                for (JavaClass k = c; k != null && !implementsPort; k = k.getEnclosingClass().orElse(null)) {
                    implementsPort = k.getAllRawInterfaces().stream()
                            .anyMatch(i -> i.getPackageName().equals("io.groupbridge.selfservice"));
                }
                if (!implementsPort) {
                    events.add(SimpleConditionEvent.violated(c, c.getName()
                            + " uses self-service types but implements none of its ports"));
                }
            }
        };
    }

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.groupbridge.(*)..").should().beFreeOfCycles()
            .because("the packages are floors: each stands on those below it, so a change reads from the bottom up");

    @ArchTest
    static final ArchRule theDnParserStandsOnTheModelAlone = classes().that().resideInAPackage("io.groupbridge.dn..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.groupbridge.model..",
                    "io.groupbridge.dn..", "com.unboundid.ldap.sdk..")
            .because("config, directory and the composition root all normalize DNs with it");

    @ArchTest
    static final ArchRule modelAndSyncKnowNoAdapter = noClasses().that()
            .resideInAnyPackage("io.groupbridge.model..", "io.groupbridge.sync..", "io.groupbridge.selfservice..")
            .should().dependOnClassesThat().resideInAnyPackage("io.groupbridge.store..", "io.groupbridge.directory..",
                    "io.groupbridge.cli..", "io.groupbridge.daemon..", "com.unboundid..", "org.jdbi..", "java.sql..")
            .because("use cases reach LDAP and SQL only through the ports they declare");

    @ArchTest
    static final ArchRule onlyTheStoreSpeaksSql = noClasses().that().resideOutsideOfPackage("io.groupbridge.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "java.sql..")
            .because("each table has one owner in store, and the daemon's schedule uses the store's pool (issue 11,"
                    + " point 4)");

    @ArchTest
    static final ArchRule selfServiceOwnsItsNotificationPort = noClasses().that()
            .resideInAPackage("io.groupbridge.selfservice..")
            .should().dependOnClassesThat().resideInAPackage("io.groupbridge.notify..")
            .because("the actions declare the sink they tell people through; notify implements it (issue 11, point 2)");

    /** Issue 11, point 5: {@code RunCommand}'s shutdown hook called {@code Runtime.halt} itself. */
    @ArchTest
    static final ArchRule onlyMainExitsTheJvm = noClasses().that()
            .doNotHaveFullyQualifiedName("io.groupbridge.cli.Main")
            // The test-data generator of ldap-fixtures is a program of its own, not part of the agent.
            .and().doNotHaveFullyQualifiedName("io.groupbridge.fixtures.DirectoryGenerator")
            .should().accessTargetWhere(exitsTheJvm())
            .because("commands and jobs return a status, so they run inside tests, a daemon or a web server alike");

    private static DescribedPredicate<JavaAccess<?>> exitsTheJvm() {
        return describe("System.exit, Runtime.exit or Runtime.halt", access -> {
            AccessTarget target = access.getTarget();
            String owner = target.getOwner().getName();
            return owner.equals(System.class.getName()) && target.getName().equals("exit")
                    || owner.equals(Runtime.class.getName()) && List.of("exit", "halt").contains(target.getName());
        });
    }

    /** Issue 11, point 1: a DN had five normalize entry points, which agree only as long as each is kept alike. */
    @ArchTest
    static final ArchRule onlyDnsNormalizesDns = noClasses().that()
            .doNotHaveFullyQualifiedName("io.groupbridge.dn.Dns")
            // The test-data generator of ldap-fixtures derives its entryUUIDs the way a seeded server does.
            .and().resideOutsideOfPackage("io.groupbridge.fixtures..")
            .should().callMethodWhere(normalizesADn())
            .because("the stored, compared and configured forms of a DN must agree to the byte; every DN is parsed"
                    + " by dn.Dns, or by a port implemented with it");

    private static DescribedPredicate<JavaMethodCall> normalizesADn() {
        return describe("UnboundID's DN or RDN normalizer", call -> {
            AccessTarget target = call.getTarget();
            String owner = target.getOwner().getName();
            return (owner.equals(DN.class.getName()) || owner.equals(RDN.class.getName()))
                    && List.of("toNormalizedString", "normalize").contains(target.getName());
        });
    }

    @ArchTest
    static final ArchRule onlyDirectoryConnectsToTheDirectory = noClasses().that()
            .resideOutsideOfPackages("io.groupbridge.directory..", "io.groupbridge.fixtures..")
            .should().dependOnClassesThat().belongToAnyOf(LDAPConnection.class, LDAPConnectionPool.class,
                    ServerSet.class, FailoverServerSet.class, SingleServerSet.class)
            .because("the composition root builds the directory's pools once (issue 11, point 5), through"
                    + " directory.LdapConnector; a connection opened elsewhere would bypass them");

    @ArchTest
    static final ArchRule theWebIsAThinSiblingOfTheCli = noClasses().that().resideInAPackage("io.groupbridge.web..")
            .should().dependOnClassesThat().resideInAnyPackage("io.groupbridge.cli..", "io.groupbridge.directory..",
                    "com.unboundid..", "org.jdbi..", "java.sql..")
            .because("the web panel and API call the same self-service actions as the CLI; SQL stays in store");

    @ArchTest
    static final ArchRule onlyTheCompositionRootBuildsSelfService = noClasses().that()
            .resideInAnyPackage("io.groupbridge.cli..", "io.groupbridge.web..", "io.groupbridge.daemon..")
            .should().accessTargetWhere(buildsSelfService())
            .because("GroupbridgeApp builds the use cases and the sign-in once per conf and hands them out finished"
                    + " (SelfServiceSource); a surface that built its own would decide with a conf of its own");

    private static DescribedPredicate<JavaAccess<?>> buildsSelfService() {
        return describe("SelfService.over or new SignIn", access -> {
            AccessTarget target = access.getTarget();
            String owner = target.getOwner().getName();
            return owner.equals(SelfService.class.getName()) && target.getName().equals("over")
                    || owner.equals(SignIn.class.getName()) && target.getName().equals("<init>");
        });
    }

    @ArchTest
    static final ArchRule onlyTheCompositionRootWiresNotifications = noClasses().that()
            .doNotHaveFullyQualifiedName("io.groupbridge.GroupbridgeApp")
            .and().resideOutsideOfPackage("io.groupbridge.notify..")
            .should().dependOnClassesThat().haveFullyQualifiedName("io.groupbridge.notify.Notifiers")
            .because("the notification receivers are set up once per app and closed with it (issue 11, point 5)");

    @ArchTest
    static final ArchRule surfacesUseTheServicesNotThePorts = noClasses().that()
            .resideInAnyPackage("io.groupbridge.cli..", "io.groupbridge.web..", "io.groupbridge.daemon..")
            .should().dependOnClassesThat().belongToAnyOf(SelfServiceStore.class, SelfServiceStore.Tx.class,
                    DirectoryNames.class, Credentials.class, NotificationSink.class)
            .because("the command line, the web panel and API, and the daemon act through the use-case services;"
                    + " the ports beneath them are the services' and the adapters' business");
}
