package io.groupbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.sync.WriteBackReport;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * What the least-privilege tests of every server (slapd, 389-DS) check alike: the demo directory's names, the reader
 * and writer accounts they create, and the writes each account must and must not get through.
 */
final class LeastPrivilege {

    static final String PEOPLE = "ou=people,dc=example,dc=com";
    static final String GROUPS = "ou=groups,dc=example,dc=com";
    static final String READER_DN = "cn=groupbridge-agent,ou=services,dc=example,dc=com";
    static final String READER_PASSWORD = "agent-secret";
    static final String WRITER_DN = "cn=groupbridge-writer,ou=services,dc=example,dc=com";
    static final String WRITER_PASSWORD = "writer-secret";
    static final String WIKI = "cn=Wiki Editors," + GROUPS;
    static final String HELPDESK = "cn=Helpdesk Agents," + GROUPS;

    private LeastPrivilege() {
    }

    /** The writer changes a group's members and nothing else; the reader changes nothing and reads no password. */
    static void writerChangesOnlyGroupMembershipAndReaderNothing(LDAPConnection writer, LDAPConnection reader)
            throws LDAPException {
        Modification addAlice = new Modification(ModificationType.ADD, "member", "uid=alice," + PEOPLE);
        refused(c -> c.modify(HELPDESK, new Modification(ModificationType.REPLACE, "description", "taken over")),
                writer);
        refused(c -> c.modify("uid=heidi," + PEOPLE, new Modification(ModificationType.REPLACE, "mail",
                "heidi@elsewhere.example")), writer);
        refused(c -> c.modify(READER_DN, new Modification(ModificationType.REPLACE, "userPassword", "x")), writer);
        refused(c -> c.add(new Entry("uid=intruder," + PEOPLE, new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", "intruder"), new Attribute("cn", "Intruder"), new Attribute("sn", "I"))),
                writer);
        refused(c -> c.modify(HELPDESK, addAlice), reader);
        refused(c -> c.add(new Entry("cn=Shadow," + GROUPS, new Attribute("objectClass", "groupOfNames"),
                new Attribute("cn", "Shadow"), new Attribute("member", READER_DN))), reader);
        refused(c -> c.delete("cn=Book Club," + GROUPS), reader);
        assertThat(reader.getEntry("uid=heidi," + PEOPLE, "userPassword").hasAttribute("userPassword")).isFalse();

        assertThat(writer.modify(HELPDESK, addAlice).getResultCode()).isEqualTo(ResultCode.SUCCESS);
    }

    static void writesBack(GroupbridgeApp app, int rows) throws Exception {
        WriteBackReport report = app.outboxRelay().run();
        assertThat(report.errors()).isEmpty();
        assertThat(report.done()).isEqualTo(rows);
    }

    static void allowed(ActionResult result) {
        assertThat(result.allowed()).as(result.message()).isTrue();
    }

    static Actor person(SelfService actions, String uid) {
        return actions.views().actorFor("uid=" + uid + "," + PEOPLE, ActorKind.PERSON);
    }

    static void refused(ThrowingConsumer<LDAPConnection> operation, LDAPConnection as) {
        assertThatThrownBy(() -> operation.accept(as)).isInstanceOfSatisfying(LDAPException.class,
                e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
    }
}
