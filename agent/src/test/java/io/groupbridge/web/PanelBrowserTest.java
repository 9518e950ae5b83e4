package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.daemon.Daemon;
import io.groupbridge.daemon.LiveConfig;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.ReviewScope;
import io.groupbridge.selfservice.ReviewService;
import io.groupbridge.selfservice.ReviewVerdict;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.testing.Axe;
import io.groupbridge.testing.Browser;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The My Groups panel in a real browser (issue 12, point 4), against the daemon on the embedded demo directory: the
 * daemon's own write-back carries an approval to LDAP. Each page is checked with axe for WCAG 2 A/AA and saved as
 * screenshots (wide and 375 px) under {@code target/screenshots/}.
 */
class PanelBrowserTest {

    private static final String SCHEDULE = "schedule:\n  incremental: 1s\n  full: \"0 0 3 * * ?\"\n"
            + "  writeBack: 1s\n  shutdownTimeout: 20s\n";
    private static final String PHOENIX_DN = "cn=Project Phoenix,ou=groups,dc=example,dc=com";
    private static final String FINANCE_DN = "cn=Finance Team,ou=groups,dc=example,dc=com";

    @RegisterExtension
    static final Browser browser = new Browser();

    @TempDir
    static Path home;
    static TestHome t;
    static GroupbridgeApp app;
    static Daemon daemon;
    static String base;
    static String phoenix;

    @BeforeAll
    static void startDaemon() throws Exception {
        t = TestHome.start(home, null, SCHEDULE + TestHome.storeOnFreePort() + DemoConf.SELF_SERVICE);
        app = t.openApp();
        daemon = new Daemon(app, new LiveConfig(new ConfigLoader(Map.of()), t.config()), Clock.systemUTC());
        daemon.start();
        base = daemon.web().orElseThrow().url().replaceAll("/$", "");
        await().atMost(Duration.ofSeconds(60)).until(() -> !app.store().queries()
                .findGroups("Project Phoenix", null).isEmpty());
        phoenix = app.store().queries().findGroups("Project Phoenix", null).get(0).id();
        // Project Phoenix is open in the demo data: its owner makes it ask for approval, as the README's walkthrough
        // does, through the same service the panel calls (spec A8).
        SelfServiceSource wiring = app.selfService();
        Actor grace = wiring.actions().views().actorFor("uid=grace,ou=people,dc=example,dc=com", ActorKind.PERSON);
        ActionResult edited = wiring.actions().groups().editGroup(grace, phoenix, Optional.empty(), Optional.empty(),
                Optional.of(JoinPolicy.OWNER_APPROVAL));
        assertThat(edited.allowed()).as(edited.message()).isTrue();
    }

    @AfterAll
    static void stopDaemon() {
        try {
            if (daemon != null) {
                daemon.close();
            }
        } finally {
            try {
                if (app != null) {
                    app.close();
                }
            } finally {
                if (t != null) {
                    t.close();
                }
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneOpensThePanel() throws Exception {
        browser.open(base + "/groups");
        assertThat(browser.driver().getCurrentUrl()).as("a page without a session").endsWith("/signin");
        pageIsAccessible("signin");
        signIn("erin", "not-the-password");
        assertThat(text(By.id("notice"))).contains("the login or the password is wrong");
        signIn("erin", DemoConf.PASSWORD);
        assertThat(browser.driver().getCurrentUrl()).endsWith("/groups");
        assertThat(text(By.cssSelector("header nav"))).contains("Groups", "My groups", "Requests", "Create group");
        assertThat(text(By.className("who"))).contains("erin");
        go(By.cssSelector(".signout button"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/signin");
        browser.open(base + "/mine");
        assertThat(browser.driver().getCurrentUrl()).as("signed out").contains("/signin");
    }

    // spec A1, A3, A4, P2, R6, W1
    @Test
    void anEmployeeAsksToJoinTheOwnerApprovesAndTheMembershipReachesLdap() throws Exception {
        signIn("erin", DemoConf.PASSWORD);
        search("Phoenix");
        pageIsAccessible("groups-search");
        go(By.linkText("Project Phoenix"));
        assertThat(text(By.id("policy"))).contains("Owner approval");
        assertThat(text(By.id("member-status"))).contains("not a member");
        pageIsAccessible("group-join");
        go(By.id("join"));
        assertThat(text(By.id("notice"))).as("no justification: the rule's sentence").contains("(spec P2)");
        browser.driver().findElement(By.id("justification")).sendKeys("I build the payroll reports");
        go(By.id("join"));
        assertThat(text(By.id("member-status"))).contains("Your request to join is pending");
        pageIsAccessible("group-requested");
        go(By.linkText("Requests"));
        assertThat(text(By.cssSelector("#main table"))).contains("Project Phoenix", "pending");
        pageIsAccessible("requests-mine");
        signOut();

        signIn("grace", DemoConf.PASSWORD);
        go(By.linkText("Requests"));
        WebElement request = browser.driver().findElement(By.xpath(
                "//li[contains(@class,'request')][.//strong[text()='erin']]"));
        String id = request.getAttribute("id");
        pageIsAccessible("requests-waiting");
        WebElement approve = request.findElement(By.cssSelector("button[id^='approve-']"));
        approve.click();
        // htmx replaces the request's entry in place with the outcome
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions
                .presenceOfElementLocated(By.cssSelector("#" + id + " .notice.done")));
        assertThat(text(By.id(id))).contains("approved");
        assertThat(browser.consoleProblems()).as("htmx under the strict CSP").isEmpty();

        await().atMost(Duration.ofSeconds(30)).until(() -> t.directory().server().getEntry(PHOENIX_DN)
                .hasAttributeValue("member", "uid=erin,ou=people,dc=example,dc=com"));
        browser.open(base + "/groups/" + phoenix);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            browser.driver().navigate().refresh();
            return memberLine("erin").map(l -> !l.contains("pending")).orElse(false);
        });
        pageIsAccessible("group-owner");
    }

    // spec A3, A4: keyboard only, and without JavaScript (the forms post and redirect)
    @Test
    void aRequestAndItsApprovalByKeyboardAlone() throws Exception {
        browser.pageScripts(false);
        browser.open(base + "/signin");
        keyboardSignIn("judy");
        browser.tabTo(By.id("q"), 15);
        browser.press("Phoenix");
        browser.activate();
        browser.tabTo(By.linkText("Project Phoenix"), 25);
        browser.activate();
        browser.tabTo(By.id("justification"), 25);
        assertThat(outlineOfFocused()).as("focus is visible").isNotEqualTo("none");
        browser.press("Design reviews for the frontend");
        browser.tab(1);
        assertThat(browser.focused().getAttribute("id")).isEqualTo("join");
        browser.activate();
        assertThat(text(By.id("member-status"))).as(text(By.id("main"))).contains("Your request to join is pending");
        browser.tabTo(By.cssSelector(".signout button"), 15);
        browser.activate();

        keyboardSignIn("grace");
        browser.tabTo(By.linkText("Requests"), 15);
        browser.activate();
        WebElement request = browser.driver().findElement(By.xpath(
                "//li[contains(@class,'request')][.//strong[text()='judy']]"));
        String id = request.getAttribute("id").substring("request-".length());
        browser.tabTo(By.id("approve-" + id), 40);
        assertThat(outlineOfFocused()).isNotEqualTo("none");
        browser.activate();
        assertThat(text(By.id("notice"))).contains("approved");
        await().atMost(Duration.ofSeconds(30)).until(() -> t.directory().server().getEntry(PHOENIX_DN)
                .hasAttributeValue("member", "uid=judy,ou=people,dc=example,dc=com"));
    }

    // spec A15: a refusal shows the rule's sentence; a deny needs its reason
    @Test
    void anOwnerDeniesWithAReasonAndTheRequesterSeesIt() throws Exception {
        signIn("niaj", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + phoenix);
        browser.driver().findElement(By.id("justification")).sendKeys("release notes");
        go(By.id("join"));
        signOut();
        browser.pageScripts(false);
        signIn("grace", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + phoenix);
        WebElement request = browser.driver().findElement(By.xpath(
                "//li[contains(@class,'request')][.//strong[text()='niaj']]"));
        String id = request.getAttribute("id").substring("request-".length());
        go(By.id("deny-" + id));
        assertThat(text(By.id("notice"))).as("no reason").containsIgnoringCase("reason");
        browser.driver().findElement(By.id("reason-" + id)).sendKeys("the team is full");
        go(By.id("deny-" + id));
        assertThat(text(By.id("notice"))).contains("denied");
        signOut();
        signIn("niaj", DemoConf.PASSWORD);
        browser.open(base + "/requests");
        assertThat(text(By.id("mine-" + id))).contains("denied", "the team is full", "grace");
    }

    // spec A2, G3-G6: members hidden with the rule; an ineligible group is read-only with its reason
    @Test
    void hiddenMembersAndReadOnlyGroupsSayWhy() throws Exception {
        signIn("mallory", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + app.store().queries().findGroups("App Payroll Users", null).get(0).id());
        assertThat(text(By.id("main"))).contains("(spec A2)");
        browser.open(base + "/groups/no-such-group");
        assertThat(text(By.id("main"))).contains("No group has the id no-such-group.");
        pageIsAccessible("group-not-found");
        search("");
        List<WebElement> readOnly = browser.driver().findElements(By.className("readonly"));
        assertThat(readOnly).as("ineligible groups in the list").isNotEmpty();
        assertThat(readOnly.get(0).getText()).startsWith("Read-only:").containsPattern("\\(spec G[3-6]\\)");
        pageIsAccessible("groups");
    }

    // spec A7, L2: the create form offers only what the rules allow
    @Test
    void createAGroupWithOwnerApprovalOnlyWithTheLicence() throws Exception {
        signIn("mallory", DemoConf.PASSWORD);
        browser.open(base + "/groups/new");
        assertThat(browser.driver().findElements(By.id("policy-owner-approval"))).as("no premium licence").isEmpty();
        assertThat(browser.driver().findElements(By.id("policy-open"))).isNotEmpty();
        signOut();
        signIn("heidi", DemoConf.PASSWORD);
        browser.open(base + "/groups/new");
        pageIsAccessible("create");
        browser.driver().findElement(By.id("kind-unified")).click();
        browser.driver().findElement(By.id("name")).sendKeys("Rust Guild");
        browser.driver().findElement(By.id("description")).sendKeys("People who write <Rust> & more");
        browser.driver().findElement(By.id("policy-owner-approval")).click();
        go(By.id("create-group"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/mine");
        assertThat(text(By.id("notice"))).contains("Rust Guild");
        assertThat(text(By.id("owner-of"))).isNotNull();
        assertThat(text(By.cssSelector("#main"))).contains("Rust Guild");
        await().atMost(Duration.ofSeconds(30)).until(() -> t.directory().server()
                .getEntry("cn=Rust Guild,ou=groups,dc=example,dc=com") != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            browser.open(base + "/mine");
            return !text(By.id("main")).contains("pending");
        });
        go(By.linkText("Rust Guild"));
        assertThat(text(By.tagName("h1"))).as(text(By.id("main"))).isEqualTo("Rust Guild");
        assertThat(text(By.id("policy"))).contains("Owner approval");
        assertThat(text(By.id("main"))).as("escaped, shown as text").contains("People who write <Rust> & more");
        browser.open(base + "/mine");
        pageIsAccessible("mine");
    }

    // spec A5, R6, W1: an owner finds a person with the picker (htmx, in place), adds them, and the member reaches LDAP
    @Test
    void anOwnerAddsAMemberWithThePickerAndItReachesLdap() throws Exception {
        signIn("grace", DemoConf.PASSWORD);
        String finance = app.store().queries().findGroups("Finance Team", null).get(0).id();
        browser.open(base + "/groups/" + finance);
        pageIsAccessible("group-manage");
        browser.driver().findElement(By.id("find")).sendKeys("oliv");
        WebElement add = new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions
                .elementToBeClickable(By.xpath("//button[text()='Add olivia as member']")));
        assertThat(text(By.id("picker-count"))).contains("1 person matches");
        assertThat(browser.driver().getCurrentUrl()).as("htmx showed the results in place").doesNotContain("find=");
        pageIsAccessible("group-picker");
        add.click();
        gone(add);
        assertThat(text(By.id("notice"))).contains("Added olivia to 'Finance Team'");
        await().atMost(Duration.ofSeconds(30)).until(() -> t.directory().server().getEntry(FINANCE_DN)
                .hasAttributeValue("uniqueMember", "uid=olivia,ou=people,dc=example,dc=com"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            browser.driver().navigate().refresh();
            return memberLine("olivia").map(l -> !l.contains("pending")).orElse(false);
        });
        assertThat(browser.consoleProblems()).as("htmx under the strict CSP").isEmpty();
    }

    // spec T1, T2, T5, T6: an owner gives a membership an end (a refusal shows T2's sentence), the member sees it on
    // the group's page and in My groups and asks to extend it, and the owner approves the day asked for
    @Test
    void anOwnerSetsAnEndTheMemberAsksToExtendAndTheOwnerApproves() throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String last = today.plusDays(10).toString();
        String later = today.plusDays(40).toString();
        signIn("grace", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + phoenix + "?find=ivan#picker");
        setDate(By.id("until-ivan"), today.toString());
        go(By.xpath("//button[text()='Add ivan as member']"));
        assertThat(text(By.id("notice"))).as("not after today").contains("(spec T2)");
        browser.open(base + "/groups/" + phoenix + "?find=ivan#picker");
        pageIsAccessible("group-add-until");
        setDate(By.id("until-ivan"), last);
        go(By.xpath("//button[text()='Add ivan as member']"));
        assertThat(text(By.id("notice"))).contains("now ends after " + last);
        assertThat(memberLine("ivan")).hasValueSatisfying(l -> assertThat(l).contains("until " + last));
        pageIsAccessible("group-member-until");
        signOut();

        signIn("ivan", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + phoenix);
        assertThat(text(By.id("member-status"))).contains("You are a member until " + last);
        setDate(By.id("extend-until"), later);
        browser.driver().findElement(By.id("extend-why")).sendKeys("the release slipped");
        go(By.id("extend"));
        assertThat(text(By.id("notice"))).contains("waits for an owner's decision");
        assertThat(text(By.id("extension-status"))).contains("until " + later, "pending");
        pageIsAccessible("group-extension-asked");
        browser.open(base + "/mine");
        assertThat(text(By.id("main"))).contains("Project Phoenix", "until " + last);
        pageIsAccessible("mine-until");
        signOut();

        signIn("grace", DemoConf.PASSWORD);
        go(By.linkText("Requests"));
        WebElement request = browser.driver().findElement(By.xpath(
                "//li[contains(@class,'request')][.//strong[text()='ivan']]"));
        assertThat(request.getText()).contains("asks to stay in", "until " + later);
        assertThat(request.findElement(By.cssSelector("input[type=date]")).getAttribute("value")).isEqualTo(later);
        pageIsAccessible("requests-extension");
        String id = request.getAttribute("id");
        request.findElement(By.cssSelector("button[id^='approve-']")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions
                .presenceOfElementLocated(By.cssSelector("#" + id + " .notice.done")));
        assertThat(text(By.id(id))).contains("until " + later);
        browser.open(base + "/groups/" + phoenix);
        assertThat(memberLine("ivan")).hasValueSatisfying(l -> assertThat(l).contains("until " + later));
    }

    // The picker without JavaScript: the search is a plain GET form, its results a page of the group
    @Test
    void thePickerWorksWithoutJavaScript() throws Exception {
        browser.pageScripts(false);
        signIn("grace", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + phoenix);
        WebElement find = browser.driver().findElement(By.id("find"));
        find.sendKeys("pegg");
        find.submit();
        gone(find);
        assertThat(browser.driver().getCurrentUrl()).contains("find=pegg");
        go(By.xpath("//button[text()='Add peggy as member']"));
        assertThat(text(By.id("notice"))).contains("Added peggy to 'Project Phoenix'");
        await().atMost(Duration.ofSeconds(30)).until(() -> t.directory().server().getEntry(PHOENIX_DN)
                .hasAttributeValue("member", "uid=peggy,ou=people,dc=example,dc=com"));
    }

    // The seed's delegated scenario (issue 3 (a)): spec A4, A5, A7, A12, A14 in the panel
    @Test
    void theDelegatedScenarioASecondManagerSeesNeitherRequestsNorMembers() throws Exception {
        signIn("bob", DemoConf.PASSWORD);
        browser.open(base + "/groups/new");
        browser.driver().findElement(By.id("kind-security")).click();
        browser.driver().findElement(By.id("name")).sendKeys("App Expenses Users");
        browser.driver().findElement(By.id("description")).sendKeys("Access to the expenses application");
        browser.driver().findElement(By.id("policy-owner-approval")).click();
        chooseCoOwner("dave");
        pageIsAccessible("create-coowners");
        go(By.id("create-group"));
        assertThat(text(By.id("notice"))).contains("App Expenses Users");
        signOut();
        String expenses = groupInDirectory("App Expenses Users", "cn=App Expenses Users,ou=groups,dc=example,dc=com");

        signIn("dave", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + expenses);
        browser.driver().findElement(By.id("find")).sendKeys("erin");
        WebElement add = new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions
                .elementToBeClickable(By.xpath("//button[text()='Add erin as member']")));
        add.click();
        gone(add);
        assertThat(text(By.id("notice"))).contains("Added erin");
        signOut();
        signIn("heidi", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + expenses);
        browser.driver().findElement(By.id("justification")).sendKeys("I file travel costs");
        go(By.id("join"));
        signOut();
        signIn("judy", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + expenses);
        browser.driver().findElement(By.id("justification")).sendKeys("conference trip");
        go(By.id("join"));
        signOut();
        signIn("dave", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + expenses);
        WebElement heidis = browser.driver().findElement(By.xpath(
                "//li[contains(@class,'request')][.//strong[text()='heidi']]"));
        String id = heidis.getAttribute("id");
        heidis.findElement(By.cssSelector("button[id^='approve-']")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions
                .presenceOfElementLocated(By.cssSelector("#" + id + " .notice.done")));
        signOut();

        // A manager who owns other groups neither sees nor changes this group's requests or members (A14, A2)
        signIn("grace", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + expenses);
        assertThat(text(By.id("main"))).contains("(spec A2)").doesNotContain("I file travel costs")
                .doesNotContain("conference trip");
        assertThat(browser.driver().findElements(By.id("pending"))).as("no requests section").isEmpty();
        assertThat(browser.driver().findElements(By.id("member-list"))).as("no members").isEmpty();
        assertThat(browser.driver().findElements(By.id("find"))).as("no people picker").isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("form[action$='/members/remove']"))).isEmpty();
        pageIsAccessible("group-other-manager");
        browser.open(base + "/requests");
        assertThat(text(By.id("main"))).doesNotContain("App Expenses Users").doesNotContain("conference trip");
        signOut();

        // The administrator sees every group and blocks judy, whose open request is denied with it (A12)
        signIn("alice", DemoConf.PASSWORD);
        go(By.linkText("All groups"));
        pageIsAccessible("admin-groups");
        browser.open(base + "/admin/groups?q=" + WebHarness.enc("Expenses"));
        WebElement row = browser.driver().findElement(By.id("admin-" + expenses));
        row.findElement(By.tagName("summary")).click();
        row.findElement(By.id("block-" + expenses)).sendKeys("judy");
        go(By.xpath("//li[@id='admin-" + expenses + "']//button"));
        assertThat(text(By.id("notice"))).contains("Judy is blocked from 'App Expenses Users'");
        signOut();
        signIn("judy", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + expenses);
        browser.driver().findElement(By.id("justification")).sendKeys("please");
        go(By.id("join"));
        assertThat(text(By.id("notice"))).contains("(spec A12)");

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var entry = t.directory().server().getEntry("cn=App Expenses Users,ou=groups,dc=example,dc=com");
            return entry.hasAttributeValue("member", "uid=erin,ou=people,dc=example,dc=com")
                    && entry.hasAttributeValue("member", "uid=heidi,ou=people,dc=example,dc=com");
        });
        assertThat(t.directory().server().getEntry("cn=App Expenses Users,ou=groups,dc=example,dc=com")
                .hasAttributeValue("member", "uid=judy,ou=people,dc=example,dc=com")).isFalse();
    }

    // The seed's self-service scenario (issue 3 (b)): two co-owners, one approves, the member is in LDAP (R1, R6, L1)
    @Test
    void theSelfServiceScenarioTwoCoOwnersOneApprovesAndTheMemberIsInLdap() throws Exception {
        signIn("heidi", DemoConf.PASSWORD);
        browser.open(base + "/groups/new");
        browser.driver().findElement(By.id("kind-unified")).click();
        browser.driver().findElement(By.id("name")).sendKeys("Go Guild");
        browser.driver().findElement(By.id("policy-owner-approval")).click();
        chooseCoOwner("judy");
        go(By.id("create-group"));
        String mine = text(By.id("main"));
        assertThat(browser.driver().getCurrentUrl()).as(mine).endsWith("/mine");
        assertThat(browser.driver().findElements(By.id("notice"))).as(mine).isNotEmpty();
        assertThat(text(By.id("notice"))).contains("Go Guild");
        signOut();
        String guild = groupInDirectory("Go Guild", "cn=Go Guild,ou=groups,dc=example,dc=com");

        signIn("niaj", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + guild);
        assertThat(text(By.id("owner-list"))).contains("heidi", "judy");
        browser.driver().findElement(By.id("justification")).sendKeys("I write Go on weekends");
        go(By.id("join"));
        assertThat(text(By.id("member-status"))).contains("Your request to join is pending");
        signOut();
        signIn("mallory", DemoConf.PASSWORD);
        browser.open(base + "/groups/" + guild);
        browser.driver().findElement(By.id("justification")).sendKeys("me too");
        go(By.id("join"));
        assertThat(text(By.id("notice"))).contains("premium licence", "(spec L1)");
        signOut();

        signIn("judy", DemoConf.PASSWORD);
        go(By.linkText("Requests"));
        WebElement request = browser.driver().findElement(By.xpath(
                "//li[contains(@class,'request')][.//strong[text()='niaj']]"));
        String id = request.getAttribute("id");
        request.findElement(By.cssSelector("button[id^='approve-']")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions
                .presenceOfElementLocated(By.cssSelector("#" + id + " .notice.done")));
        signOut();
        signIn("heidi", DemoConf.PASSWORD);
        browser.open(base + "/requests");
        assertThat(browser.driver().findElements(By.id(id))).as("the other co-owner has nothing left to decide")
                .isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> t.directory().server()
                .getEntry("cn=Go Guild,ou=groups,dc=example,dc=com")
                .hasAttributeValue("member", "uid=niaj,ou=people,dc=example,dc=com"));
        browser.open(base + "/groups/" + guild);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            browser.driver().navigate().refresh();
            return memberLine("niaj").map(l -> !l.contains("pending")).orElse(false);
        });
    }

    // The error page, the requests page with nothing waiting, and the sign-in form, each seen wide and at 375 px
    // spec V2, V6: the reviewer's page, by keyboard alone and without JavaScript; the removal reaches LDAP
    @Test
    void anOwnerReviewsTheMembersOfTheirGroupByKeyboardAndARemovalLeavesLdap() throws Exception {
        String marketing = "cn=Marketing Crew,ou=groups,dc=example,dc=com";
        SelfServiceSource wiring = daemon.selfService();
        Actor bob = wiring.actions().views().actorFor("uid=bob,ou=people,dc=example,dc=com", ActorKind.PERSON);
        ReviewService.Started started = wiring.reviews().start(bob, new ReviewService.Start("Marketing Q3",
                ReviewScope.ofGroup(marketing), Instant.now().plus(Duration.ofDays(7)), ReviewVerdict.KEEP,
                Optional.empty()));
        assertThat(started.result().allowed()).as(started.result().message()).isTrue();

        browser.pageScripts(false);
        browser.open(base + "/signin");
        keyboardSignIn("niaj");
        browser.tabTo(By.linkText("Reviews"), 15);
        browser.activate();
        pageIsAccessible("reviews");
        browser.tabTo(By.linkText("Marketing Q3"), 25);
        browser.activate();
        pageIsAccessible("review-open");
        String peggy = browser.driver().findElement(By.xpath("//li[.//strong[text()='peggy']]")).getAttribute("id")
                .substring("member-".length());
        browser.tabTo(By.id("keep-" + peggy), 60);
        browser.press(Keys.ARROW_DOWN);
        assertThat(browser.focused().getAttribute("id")).isEqualTo("remove-" + peggy);
        assertThat(browser.focused().isSelected()).isTrue();
        browser.tab(1);
        assertThat(browser.focused().getAttribute("id")).isEqualTo("reason-" + peggy);
        assertThat(outlineOfFocused()).as("focus is visible").isNotEqualTo("none");
        browser.press("moved to sales");
        browser.tab(1);
        browser.activate();

        assertThat(text(By.id("notice"))).contains("Removed peggy from 'Marketing Crew' (review "
                + started.reviewId().orElseThrow() + ")");
        assertThat(text(By.id("member-" + peggy))).contains("Removed by niaj").contains("moved to sales");
        pageIsAccessible("review-decided");
        await().atMost(Duration.ofSeconds(30)).until(() -> !t.directory().server().getEntry(marketing)
                .hasAttributeValue("member", "uid=peggy,ou=people,dc=example,dc=com"));
    }

    @Test
    void theRemainingPagesAreAccessible() throws Exception {
        signIn("frank", DemoConf.PASSWORD);
        browser.open(base + "/requests");
        pageIsAccessible("requests-empty");
        browser.open(base + "/admin/groups");
        assertThat(text(By.id("main"))).contains("(spec A12)");
        pageIsAccessible("admin-refused");
        browser.open(base + "/mine");
        pageIsAccessible("mine-member");
        browser.open(base + "/admin/expiry");
        assertThat(text(By.id("main"))).contains("(spec E4)");
        pageIsAccessible("admin-expiry-refused");
    }

    // spec E1, E4: the administrators' page of expiring and expired groups, from their menu
    @Test
    void anAdministratorOpensTheExpiringAndExpiredGroupsFromTheMenu() throws Exception {
        signIn("bob", DemoConf.PASSWORD);
        go(By.linkText("Expiry"));
        assertThat(text(By.id("main"))).contains("Groups do not expire here").contains("No expired group");
        pageIsAccessible("admin-expiry");
    }

    // ------------------------------------------------------------ helpers

    private static void signIn(String login, String password) {
        browser.open(base + "/signin");
        browser.driver().findElement(By.id("login")).sendKeys(login);
        browser.driver().findElement(By.id("password")).sendKeys(password);
        go(By.cssSelector("#main form button[type=submit]"));
        // the post and its redirect: to the groups, or back to the form saying why
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/groups")
                || d.getCurrentUrl().contains("failed="));
    }

    /* On the create form: finds the person with the picker (htmx, in place) and ticks them as a co-owner. */
    private static void chooseCoOwner(String login) {
        browser.driver().findElement(By.id("find")).sendKeys(login);
        By box = By.cssSelector("input[name='owner'][value='uid=" + login + ",ou=people,dc=example,dc=com']");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(box))
                .click();
        assertThat(browser.driver().findElement(box).isSelected()).isTrue();
    }

    /* The store's id of a group created through the panel, once the directory holds it (no longer provisional). */
    private static String groupInDirectory(String name, String dn) {
        await().atMost(Duration.ofSeconds(30)).until(() -> t.directory().server().getEntry(dn) != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.store().queries().findGroups(name, null).stream()
                .anyMatch(g -> "active".equals(g.state())));
        return app.store().queries().findGroups(name, null).stream().filter(g -> "active".equals(g.state()))
                .findFirst().orElseThrow().id();
    }

    private static void keyboardSignIn(String login) {
        browser.tabTo(By.id("login"), 10);
        browser.press(login);
        browser.press(Keys.TAB);
        browser.press(DemoConf.PASSWORD);
        browser.activate();
        assertThat(browser.driver().getCurrentUrl()).endsWith("/groups");
    }

    /* Clicks what posts a form or follows a link, and waits until the page (or the part htmx swaps) is replaced. */
    private static void go(By by) {
        WebElement e = browser.driver().findElement(by);
        e.click();
        gone(e);
    }

    /* Chromium reports an element of a replaced page as stale, or as a node that belongs to no document. */
    private static void gone(WebElement e) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> {
            try {
                e.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException replaced) {
                return true;
            }
        });
    }

    private static void signOut() {
        go(By.cssSelector(".signout button"));
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches("/signin$"));
    }

    private static void search(String text) {
        browser.open(base + "/groups");
        WebElement q = browser.driver().findElement(By.id("q"));
        q.clear();
        q.sendKeys(text);
        q.submit();
        gone(q);
    }

    /* The element's text, waiting a little for it: a click's form post and redirect may still be loading. */
    private static String text(By by) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(by)).getText();
    }

    private static java.util.Optional<String> memberLine(String name) {
        return browser.driver().findElements(By.cssSelector("#member-list li")).stream().map(WebElement::getText)
                .filter(s -> s.startsWith(name)).findFirst();
    }

    /* A date input's value as a form posts it (yyyy-mm-dd): typed keys would follow the browser's locale. */
    private static void setDate(By by, String day) {
        browser.driver().executeScript("arguments[0].value = arguments[1]", browser.driver().findElement(by), day);
    }

    private static String outlineOfFocused() {
        return (String) browser.driver().executeScript(
                "return getComputedStyle(document.activeElement).outlineStyle");
    }

    /* axe at both widths, no sideways scrolling at 375 px, and the screenshots. */
    private static void pageIsAccessible(String name) throws Exception {
        List<Axe.Violation> found = browser.axe();
        assertThat(Axe.seriousOrCritical(found)).as(name + " wide: " + Axe.describe(found)).isEmpty();
        browser.narrow();
        try {
            List<Axe.Violation> narrow = browser.axe();
            assertThat(Axe.seriousOrCritical(narrow)).as(name + " at 375 px: " + Axe.describe(narrow)).isEmpty();
            assertThat(browser.scrollsSideways()).as(name + " scrolls sideways at 375 px").isFalse();
        } finally {
            browser.wide();
        }
        for (Path p : browser.screenshots(name)) {
            assertThat(Files.size(p)).isPositive();
        }
    }
}
