package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading {@code groupbridge.yaml}: defaults, the shipped demo conf, secrets, and errors that point at file, line and
 * key (spec C1, C2).
 */
class ConfigLoaderTest {

    @TempDir
    Path home;

    private final ConfigLoader loader = new ConfigLoader(Map.of("BIND_PW", "from-env-secret"));

    @Test
    void shippedConfLoadsWithDemoValues() throws Exception {
        GroupbridgeConfig config = new ConfigLoader(Map.of()).load(Path.of("../conf/groupbridge.yaml"));

        assertThat(config.home()).isEqualTo(Path.of("..").toAbsolutePath().normalize());
        assertThat(config.directory().isEmbedded()).isTrue();
        assertThat(config.directory().bindDn()).isEqualTo("cn=groupbridge-agent,ou=services,dc=example,dc=com");
        assertThat(config.directory().bindPassword().reveal()).isEqualTo("agent-secret");
        assertThat(config.directory().pageSize()).isZero();
        assertThat(config.directory().embedded().seedLdif()).isEmpty();
        assertThat(config.directory().embedded().dataFile()).isEqualTo(config.home().resolve("data/directory.ldif"));
        assertThat(config.settings().ownersCanManageJoinRequests()).isTrue(); // spec S1, demo conf
        assertThat(config.settings().premiumLicense()).isEqualTo("cn=Premium Licensed,ou=groups,dc=example,dc=com");
        assertThat(config.settings().unifiedGroupCreationAllowedGroup())
                .contains("cn=Unified Group Creators,ou=groups,dc=example,dc=com");
        assertThat(config.roles()).isEqualTo(new RolesConfig(
                Optional.of("cn=Groups Administrators,ou=groups,dc=example,dc=com"),
                Optional.of("cn=User Administrators,ou=groups,dc=example,dc=com"),
                Optional.of("cn=Global Administrators,ou=groups,dc=example,dc=com")));
        assertThat(config.servicePrincipals()).containsExactly(
                new ServicePrincipalConfig("groupbridge-agent", "cn=groupbridge-agent,ou=services,dc=example,dc=com",
                        Secret.of("agent-secret")),
                new ServicePrincipalConfig("automation", "cn=automation,ou=services,dc=example,dc=com",
                        Secret.of("automation-secret")));
        assertThat(config.mapping().channelRules()).isEmpty();
        assertThat(config.store().jdbcUrl()).startsWith("jdbc:hsqldb:file:" + config.home().resolve("data/store/groupbridge"));
    }

    @Test
    void shippedConfDiffersFromEmptyFileOnlyInDemoChoices() throws Exception {
        GroupbridgeConfig shipped = new ConfigLoader(Map.of()).load(Path.of("../conf/groupbridge.yaml"));
        GroupbridgeConfig empty = load("");

        assertThat(shipped.directory()).usingRecursiveComparison().ignoringFields("embedded.dataFile")
                .isEqualTo(empty.directory());
        assertThat(shipped.mapping()).isEqualTo(empty.mapping());
        assertThat(shipped.schedule()).isEqualTo(empty.schedule());
        assertThat(shipped.requests()).isEqualTo(empty.requests());
        assertThat(shipped.reconcile()).isEqualTo(empty.reconcile());
    }

    @Test
    void emptyFileGivesEmbeddedDefaults() throws Exception {
        GroupbridgeConfig config = load("# nothing but a comment\n");

        DirectoryConfig d = config.directory();
        assertThat(d.url()).isEqualTo("embedded");
        assertThat(d.isEmbedded()).isTrue();
        assertThat(d.servers()).isEmpty();
        assertThat(d.embedded().port()).isEqualTo(10389);
        assertThat(d.ssl()).isFalse();
        assertThat(d.bindDn()).isEqualTo("cn=groupbridge-agent,ou=services,dc=example,dc=com");
        assertThat(d.bindPassword()).isEqualTo(Secret.of("agent-secret"));
        assertThat(d.pageSize()).isZero();
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.responseTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.peopleBase()).isEqualTo("ou=people,dc=example,dc=com");
        assertThat(d.groupBase()).isEqualTo("ou=groups,dc=example,dc=com");
        assertThat(d.peopleFilter()).isEqualTo("(objectClass=inetOrgPerson)");
        assertThat(d.groupFilter()).isEqualTo("(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))");
        assertThat(d.embedded()).isEqualTo(new EmbeddedConfig(10389, home.resolve("data/directory.ldif"), Optional.empty(),
                "dc=example,dc=com"));

        assertThat(config.mapping().loginAttributes()).containsExactly("uid", "mail", "cn");
        assertThat(config.mapping().memberAttributes()).containsExactly("member", "uniqueMember");
        assertThat(config.mapping().stableIdAttribute()).isEqualTo("entryUUID");
        assertThat(config.mapping().kindAttribute()).isEqualTo("gbGroupKind");

        assertThat(config.store().url()).isEqualTo("embedded");
        assertThat(config.store().username()).isEqualTo("SA");
        assertThat(config.store().jdbcUrl()).isEqualTo("jdbc:hsqldb:file:" + home.resolve("data/store/groupbridge")
                + ";hsqldb.default_table_type=cached;hsqldb.tx=mvcc;shutdown=true");

        assertThat(config.settings()).isEqualTo(SettingsConfig.defaults()); // spec S table: Entra's defaults
        assertThat(config.settings().ownersCanManageJoinRequests()).isFalse();
        assertThat(config.settings().restrictMyGroups()).isEqualTo("none");
        assertThat(config.settings().premiumLicense()).isEqualTo("all-users");
        assertThat(config.roles().globalAdministrators()).isEmpty();
        assertThat(config.servicePrincipals()).isEmpty();
        assertThat(config.schedule()).isEqualTo(new ScheduleConfig(Duration.ofSeconds(60), "0 0 2 * * ?",
                Duration.ofSeconds(10), Duration.ofSeconds(30), false, Duration.ofMillis(7500)));
        assertThat(config.requests().expireAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(config.reconcile()).isEqualTo(new ReconcileConfig(1000, 0.30, 200, false, Duration.ofHours(1)));
    }

    @Test
    void homeIsTheParentOfTheConfFolder() throws Exception {
        GroupbridgeConfig config = load("");

        assertThat(config.source()).isEqualTo(home.resolve("conf/groupbridge.yaml"));
        assertThat(config.home()).isEqualTo(home);
    }

    /** Issue 10, finding 11: {@code -c /etc/groupbridge/groupbridge.yaml} put data/ in /etc. */
    @Test
    void confOutsideAConfFolderKeepsItsDataBesideItOrUnderTheNamedHome() throws Exception {
        Path elsewhere = home.resolve("etc/groupbridge/groupbridge.yaml");
        Files.createDirectories(elsewhere.getParent());
        Files.writeString(elsewhere, "");

        assertThat(loader.load(elsewhere).store().embeddedDatabase())
                .isEqualTo(home.resolve("etc/groupbridge/data/store/groupbridge"));
        Path named = home.resolve("var/lib/groupbridge");
        GroupbridgeConfig underHome = new ConfigLoader(Map.of(ConfigLoader.HOME_VARIABLE, named.toString()))
                .load(elsewhere);
        assertThat(underHome.home()).isEqualTo(named);
        assertThat(underHome.store().embeddedDatabase()).isEqualTo(named.resolve("data/store/groupbridge"));
    }

    @Test
    void realDirectoryTakesUrlPartsAndPagesByDefault() throws Exception {
        GroupbridgeConfig config = load("""
                directory:
                  url: ldaps://ldap.corp.example
                  bindDn: cn=agent,dc=corp,dc=example
                  bindPassword: ${env:BIND_PW}
                """);

        assertThat(config.directory().isEmbedded()).isFalse();
        assertThat(config.directory().servers()).containsExactly(new LdapUrl(true, "ldap.corp.example", 636));
        assertThat(config.directory().ssl()).isTrue();
        assertThat(config.directory().pageSize()).isEqualTo(1000);
        assertThat(config.directory().bindPassword().reveal()).isEqualTo("from-env-secret");
    }

    @Test
    void plainLdapUrlWithPortAndStartTls() throws Exception {
        DirectoryConfig d = load("""
                directory:
                  url: ldap://10.0.0.5:1389
                  bindDn: cn=agent,dc=corp,dc=example
                  bindPassword: inline
                  startTls: true
                """).directory();

        assertThat(d.servers()).containsExactly(new LdapUrl(false, "10.0.0.5", 1389));
        assertThat(d.ssl()).isFalse();
        assertThat(d.startTls()).isTrue();
    }

    /** Issue 11, point 5: replicas tried in order, separated by spaces or commas. */
    @Test
    void severalServersAreReadInTheOrderGiven() throws Exception {
        DirectoryConfig d = load("""
                directory:
                  url: ldaps://ldap1.corp.example, ldaps://ldap2.corp.example:1636 ldaps://ldap3.corp.example
                  bindDn: cn=agent,dc=corp,dc=example
                  bindPassword: inline
                """).directory();

        assertThat(d.servers()).containsExactly(new LdapUrl(true, "ldap1.corp.example", 636),
                new LdapUrl(true, "ldap2.corp.example", 1636), new LdapUrl(true, "ldap3.corp.example", 636));
        assertThat(d.ssl()).isTrue();
    }

    @Test
    void aServerListMixingLdapAndLdapsIsRefused() {
        assertThatThrownBy(() -> load("""
                directory:
                  url: ldaps://ldap1.corp.example ldap://ldap2.corp.example
                  bindDn: cn=agent,dc=corp,dc=example
                  bindPassword: inline
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("directory.url")
                .hasMessageContaining("mixes ldap:// and ldaps://");
    }

    /** Issue 11, point 5: the sizes of the reads, write-back and sign-in pools. */
    @Test
    void poolSizesDefaultAndFollowTheConf() throws Exception {
        DirectoryConfig defaults = load("").directory();
        assertThat(List.of(defaults.poolSize(), defaults.writePoolSize(), defaults.signInPoolSize()))
                .containsExactly(4, 2, 4);

        DirectoryConfig d = load("directory:\n  poolSize: 3\n  writePoolSize: 1\n  signInPoolSize: 10\n").directory();
        assertThat(List.of(d.poolSize(), d.writePoolSize(), d.signInPoolSize())).containsExactly(3, 1, 10);
    }

    @Test
    void aReadPoolOfOneIsRefused() {
        assertThatThrownBy(() -> load("directory:\n  poolSize: 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("directory.poolSize")
                .hasMessageContaining("ranged values");
    }

    @Test
    void relativePathsResolveAgainstHome() throws Exception {
        Files.createDirectories(home.resolve("seed"));
        Files.writeString(home.resolve("seed/demo.ldif"), "dn: dc=example,dc=com\n");

        EmbeddedConfig e = load("""
                directory:
                  embedded:
                    port: 0
                    dataFile: state/dir.ldif
                    seedLdif: seed/demo.ldif
                """).directory().embedded();

        assertThat(e).isEqualTo(new EmbeddedConfig(0, home.resolve("state/dir.ldif"),
                Optional.of(home.resolve("seed/demo.ldif")), "dc=example,dc=com"));
    }

    /** Issue 10, finding 11: the embedded directory's suffix was fixed to dc=example,dc=com. */
    @Test
    void embeddedSuffixMovesTheDefaultBasesAndAgentAndNeedsASeed() throws Exception {
        Files.createDirectories(home.resolve("seed"));
        Files.writeString(home.resolve("seed/corp.ldif"), "dn: dc=corp,dc=test\n");

        DirectoryConfig d = load("""
                directory:
                  embedded:
                    suffix: dc=corp,dc=test
                    seedLdif: seed/corp.ldif
                """).directory();

        assertThat(d.embedded().suffix()).isEqualTo("dc=corp,dc=test");
        assertThat(d.peopleBase()).isEqualTo("ou=people,dc=corp,dc=test");
        assertThat(d.groupBase()).isEqualTo("ou=groups,dc=corp,dc=test");
        assertThat(d.bindDn()).isEqualTo("cn=groupbridge-agent,ou=services,dc=corp,dc=test");

        ConfigException e = loadFailing("""
                directory:
                  embedded:
                    suffix: dc=corp,dc=test
                """);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("directory.embedded.suffix: the built-in demo data is under"
                + " dc=example,dc=com, not dc=corp,dc=test");
    }

    @Test
    void durationsAcceptShortAndIsoForms() throws Exception {
        GroupbridgeConfig config = load("""
                directory:
                  connectTimeout: 500ms
                  responseTimeout: PT90S
                schedule:
                  incremental: 10m
                  writeBack: 12h
                requests:
                  expireAfter: 7d
                """);

        assertThat(config.directory().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.directory().responseTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.schedule().incremental()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.schedule().writeBack()).isEqualTo(Duration.ofHours(12));
        assertThat(config.requests().expireAfter()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void channelRulesAndSettingsListsAreRead() throws Exception {
        GroupbridgeConfig config = load("""
                mapping:
                  channelRules:
                    - base: ou=self,ou=groups,dc=example,dc=com
                      channel: Self-Service
                settings:
                  ownerAssignment: selected
                  ownerAssignmentSelected:
                    - uid=alice,ou=people,dc=example,dc=com
                  restrictMyGroups: security-groups
                """);

        assertThat(config.mapping().channelRules())
                .containsExactly(new ChannelRule("ou=self,ou=groups,dc=example,dc=com", "self-service"));
        assertThat(config.settings().ownerAssignment()).isEqualTo("selected");
        assertThat(config.settings().ownerAssignmentSelected()).containsExactly("uid=alice,ou=people,dc=example,dc=com");
        assertThat(config.settings().restrictMyGroups()).isEqualTo("security-groups");
    }

    @Test
    void unknownKeyIsReportedWithItsLineAndASuggestion() throws Exception {
        ConfigException e = loadFailing("""
                directory:
                  url: embedded
                  pagSize: 50
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("directory.pagSize");
        assertThat(e.getMessage()).startsWith(confFile() + ":3: directory.pagSize: unknown key (did you mean pageSize?)")
                .contains("expected one of url, bindDn");
    }

    /** Issue 10, finding 11: an alias was read as its anchor's name, so the password became the string "pw". */
    @Test
    void yamlAliasIsRejectedInsteadOfReadAsTheAnchorsName() throws Exception {
        ConfigException e = loadFailing("""
                directory:
                  url: ldap://127.0.0.1:389
                  bindDn: cn=agent,dc=example,dc=com
                  bindPassword: &pw s3cret-value
                  writeBindDn: cn=writer,dc=example,dc=com
                  writeBindPassword: *pw
                """);

        assertThat(e.line()).isEqualTo(6);
        assertThat(e.key()).isEqualTo("directory.writeBindPassword");
        assertThat(e.getMessage()).contains("a YAML alias (*pw) is not supported").doesNotContain("s3cret-value");
    }

    @Test
    void unknownTopLevelSectionIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                # a comment

                setings:
                  ownerAssignment: none
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("setings");
        assertThat(e.getMessage()).contains("did you mean settings?");
    }

    @Test
    void unknownKeyInsideAListItemIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                servicePrincipals:
                  - name: a
                    dn: cn=a,dc=example,dc=com
                    password: x
                  - name: b
                    dn: cn=b,dc=example,dc=com
                    pasword: y
                """);

        assertThat(e.line()).isEqualTo(7);
        assertThat(e.key()).isEqualTo("servicePrincipals[1].pasword");
        assertThat(e.getMessage()).contains("did you mean password?");
    }

    @Test
    void aServicePrincipalsApiTokenHashIsSixtyFourHexDigitsAndAnythingElseIsRefusedAtItsLine() throws Exception {
        String hash = "AB".repeat(32);
        GroupbridgeConfig config = load("servicePrincipals:\n  - name: a\n    dn: cn=a,dc=example,dc=com\n"
                + "    password: x\n    apiTokenSha256: " + hash + "\n");
        assertThat(config.servicePrincipals().get(0).apiTokenSha256()).contains(hash.toLowerCase(Locale.ROOT));

        ConfigException e = loadFailing("""
                servicePrincipals:
                  - name: a
                    dn: cn=a,dc=example,dc=com
                    password: x
                    apiTokenSha256: the-token-itself
                """);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("servicePrincipals[0].apiTokenSha256");
        assertThat(e.getMessage()).contains("64 hex digits");
    }

    @Test
    void wrongTypeIsReportedAtTheValuesLine() throws Exception {
        ConfigException e = loadFailing("""
                reconcile:
                  batchSize: 10
                directory:

                  pageSize: abc
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("directory.pageSize");
        assertThat(e.getMessage()).contains("'abc' is not an integer").contains("expected an integer");
    }

    @Test
    void listWhereAValueBelongsIsAWrongType() throws Exception {
        ConfigException e = loadFailing("""
                settings:
                  ownersCanManageJoinRequests: [yes]
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("settings.ownersCanManageJoinRequests");
        assertThat(e.expected()).isEqualTo("a single value");
    }

    @Test
    void missingBindPasswordForRealDirectoryNamesKeyAndSectionLine() throws Exception {
        ConfigException e = loadFailing("""
                store:
                  url: embedded
                directory:
                  url: ldaps://ldap.corp.example:636
                  bindDn: cn=agent,dc=corp,dc=example
                """);

        assertThat(e.key()).isEqualTo("directory.bindPassword");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("is required").contains("${env:NAME}");
    }

    @Test
    void missingBindDnForRealDirectoryIsAnError() throws Exception {
        ConfigException e = loadFailing("""
                directory:
                  url: ldap://ldap.corp.example
                  bindPassword: x
                """);

        assertThat(e.key()).isEqualTo("directory.bindDn");
        assertThat(e.line()).isEqualTo(1);
    }

    @Test
    void missingValueInAListItemReportsTheItemsLine() throws Exception {
        ConfigException e = loadFailing("""
                servicePrincipals:
                  - name: automation
                    password: x
                """);

        assertThat(e.key()).isEqualTo("servicePrincipals[0].dn");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void badEnumValueListsTheAllowedValues() throws Exception {
        ConfigException e = loadFailing("""
                settings:
                  restrictMyGroups: some
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("settings.restrictMyGroups");
        assertThat(e.expected()).isEqualTo("one of none, security-groups, all");
    }

    @Test
    void badChannelInARuleIsAnError() throws Exception {
        ConfigException e = loadFailing("""
                mapping:
                  channelRules:
                    - base: ou=x,dc=example,dc=com
                      channel: powershell
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("mapping.channelRules[0].channel");
        assertThat(e.expected()).isEqualTo("one of api, portal, self-service");
    }

    @Test
    void badDnIsReportedWithItsLine() throws Exception {
        ConfigException e = loadFailing("""
                roles:
                  groupsAdministrators: cn=Groups Administrators,ou=groups,dc=example,dc=com
                  userAdministrators: User Administrators
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("roles.userAdministrators");
        assertThat(e.expected()).startsWith("a distinguished name");
    }

    @Test
    void badDnInsideAListNamesTheItem() throws Exception {
        ConfigException e = loadFailing("""
                settings:
                  ownerAssignmentSelected:
                    - uid=alice,ou=people,dc=example,dc=com
                    - bob
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("settings.ownerAssignmentSelected[1]");
    }

    @Test
    void emptyAttributeListIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                mapping:
                  memberAttributes: []
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("mapping.memberAttributes");
        assertThat(e.expected()).isEqualTo("at least one LDAP attribute name");
    }

    @Test
    void badUrlIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                directory:
                  url: http://ldap.corp.example
                  bindDn: cn=a,dc=b
                  bindPassword: x
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("directory.url");
        assertThat(e.expected()).isEqualTo("embedded, ldap://host[:port] or ldaps://host[:port], or several ldap://"
                + " or several ldaps:// URLs separated by spaces or commas");
    }

    @Test
    void startTlsOnLdapsIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                directory:
                  url: ldaps://ldap.corp.example
                  bindDn: cn=a,dc=b
                  bindPassword: x
                  startTls: true
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("directory.startTls");
    }

    @Test
    void badDurationIsReportedWithItsLine() throws Exception {
        ConfigException e = loadFailing("""
                schedule:
                  incremental: 60s
                  writeBack: soon
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("schedule.writeBack");
        assertThat(e.expected()).contains("500ms").contains("PT60S");
    }

    @Test
    void badFilterAndCronAndShareAreRejected() throws Exception {
        assertThat(loadFailing("directory:\n  groupFilter: (objectClass=group\n").key())
                .isEqualTo("directory.groupFilter");
        assertThat(loadFailing("schedule:\n  full: nightly\n").key()).isEqualTo("schedule.full");
        assertThat(loadFailing("reconcile:\n  maxRemovalShare: 1.5\n").key()).isEqualTo("reconcile.maxRemovalShare");
    }

    @Test
    void duplicateKeyIsAnError() throws Exception {
        ConfigException e = loadFailing("""
                directory:
                  pageSize: 10
                  pageSize: 20
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("directory.pageSize");
        assertThat(e.problem()).contains("line 2");
    }

    @Test
    void yamlSyntaxErrorIsReportedWithoutTheOffendingText() throws Exception {
        ConfigException e = loadFailing("""
                directory:
                  bindPassword: "hunter2
                  url: embedded
                """);

        assertThat(e.line()).isPositive();
        assertThat(e.getMessage()).startsWith(confFile().toString()).doesNotContain("hunter2");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void missingFileIsAnError() {
        Path absent = home.resolve("conf/absent.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(absent));

        assertThat(e.file()).isEqualTo(absent);
        assertThat(e.line()).isZero();
        assertThat(e.getMessage()).contains("does not exist");
    }

    @Test
    void environmentSecretResolvesFromTheInjectedMap() throws Exception {
        GroupbridgeConfig config = load("""
                store:
                  url: jdbc:postgresql://db/groupbridge
                  username: gb
                  password: ${env:BIND_PW}
                """);

        assertThat(config.store().password().reveal()).isEqualTo("from-env-secret");
        assertThat(config.store().jdbcUrl()).isEqualTo("jdbc:postgresql://db/groupbridge");
    }

    @Test
    void storeBuiltForAJdbcUrlHandsTheUrlThrough() {
        StoreConfig store = new StoreConfig("jdbc:postgresql://db/gb", "gb", Secret.of("pw"), 4);

        assertThat(store.isEmbedded()).isFalse();
        assertThat(store.jdbcUrl()).isEqualTo("jdbc:postgresql://db/gb");
    }

    @Test
    void missingEnvironmentVariableIsAnError() throws Exception {
        ConfigException e = loadFailing("""
                directory:
                  url: ldaps://ldap.corp.example
                  bindDn: cn=agent,dc=corp,dc=example
                  bindPassword: ${env:GROUPBRIDGE_BIND_PASSWORD}
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("directory.bindPassword");
        assertThat(e.problem()).isEqualTo("environment variable GROUPBRIDGE_BIND_PASSWORD is not set");
    }

    @Test
    void fileSecretIsReadTrimmedRelativeToHome() throws Exception {
        Files.createDirectories(home.resolve("secrets"));
        Files.writeString(home.resolve("secrets/bind"), "  from-file-secret\n");

        GroupbridgeConfig config = load("""
                directory:
                  url: ldap://ldap.corp.example
                  bindDn: cn=agent,dc=corp,dc=example
                  bindPassword: file:secrets/bind
                """);

        assertThat(config.directory().bindPassword().reveal()).isEqualTo("from-file-secret");
    }

    @Test
    void missingSecretFileIsAnError() throws Exception {
        ConfigException e = loadFailing("""
                servicePrincipals:
                  - name: automation
                    dn: cn=automation,ou=services,dc=example,dc=com
                    password: file:/nonexistent/automation.secret
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("servicePrincipals[0].password");
        assertThat(e.problem()).contains("/nonexistent/automation.secret").contains("does not exist");
    }

    @Test
    void errorsNeverContainAnInlineSecret() throws Exception {
        ConfigException misspelled = loadFailing("""
                directory:
                  bindPasword: hunter2
                """);
        ConfigException wrongShape = loadFailing("""
                store:
                  password: ${hunter2}
                """);

        assertThat(misspelled.getMessage()).contains("did you mean bindPassword?").doesNotContain("hunter2");
        assertThat(wrongShape.getMessage()).contains("store.password").doesNotContain("hunter2");
    }

    @Test
    void configToStringMasksEverySecret() throws Exception {
        Files.createDirectories(home.resolve("secrets"));
        Files.writeString(home.resolve("secrets/db"), "db-file-secret");

        GroupbridgeConfig config = load("""
                directory:
                  url: ldap://ldap.corp.example
                  bindDn: cn=agent,dc=corp,dc=example
                  bindPassword: ${env:BIND_PW}
                store:
                  password: file:secrets/db
                servicePrincipals:
                  - name: automation
                    dn: cn=automation,ou=services,dc=example,dc=com
                    password: inline-sp-secret
                """);

        assertThat(config.toString()).contains("******")
                .doesNotContain("from-env-secret", "db-file-secret", "inline-sp-secret");
    }

    @Test
    void duplicateServicePrincipalNameIsAnError() throws Exception {
        ConfigException e = loadFailing("""
                servicePrincipals:
                  - name: automation
                    dn: cn=a,dc=example,dc=com
                    password: x
                  - name: automation
                    dn: cn=b,dc=example,dc=com
                    password: y
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("servicePrincipals[1].name");
        assertThat(e.problem()).contains("line 2");
    }

    @Test
    void settingsVersionFollowsTheSettingsValues() throws Exception {
        SettingsConfig base = load("settings:\n  ownersCanManageJoinRequests: true\n").settings();
        SettingsConfig same = load("settings:\n  ownersCanManageJoinRequests: true\n  restrictMyGroups: none\n").settings();
        SettingsConfig changed = load("settings:\n  ownersCanManageJoinRequests: false\n").settings();

        assertThat(base.version()).hasSize(12).matches("[0-9a-f]{12}").isEqualTo(same.version()); // spec S8
        assertThat(changed.version()).isNotEqualTo(base.version());
    }

    private GroupbridgeConfig load(String yaml) throws IOException, ConfigException {
        return loader.load(writeConf(yaml));
    }

    private ConfigException loadFailing(String yaml) throws IOException {
        Path file = writeConf(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
        assertThat(e).as("loading should fail for:%n%s", yaml).isNotNull();
        assertThat(e.file()).isEqualTo(file);
        return e;
    }

    private Path writeConf(String yaml) throws IOException {
        Files.createDirectories(confFile().getParent());
        return Files.writeString(confFile(), yaml);
    }

    private Path confFile() {
        return home.resolve("conf/groupbridge.yaml");
    }
}
