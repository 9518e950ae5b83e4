package io.groupbridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package plan (issue 11), checked at build time so it stays true: {@code model} is the ground floor and
 * imports nothing of groupbridge; the sync side does not stand on self-service; only {@code store} speaks SQL.
 */
@AnalyzeClasses(packages = "io.groupbridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modelImportsOnlyTheJdk = classes().that().resideInAPackage("io.groupbridge.model..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.groupbridge.model..")
            .because("every package may import the shared vocabulary, so it may import none of them");

    @ArchTest
    static final ArchRule syncDoesNotStandOnSelfService = noClasses().that().resideInAPackage("io.groupbridge.sync..")
            .should().dependOnClassesThat().resideInAPackage("io.groupbridge.selfservice..")
            .because("reconcile and write-back serve the CLI, the daemon and the web panel alike");

    @ArchTest
    static final ArchRule modelAndSyncKnowNoAdapter = noClasses().that()
            .resideInAnyPackage("io.groupbridge.model..", "io.groupbridge.sync..", "io.groupbridge.selfservice..")
            .should().dependOnClassesThat().resideInAnyPackage("io.groupbridge.store..", "io.groupbridge.directory..",
                    "io.groupbridge.cli..", "io.groupbridge.daemon..", "com.unboundid..", "org.jdbi..", "java.sql..")
            .because("use cases reach LDAP and SQL only through the ports they declare");
}
