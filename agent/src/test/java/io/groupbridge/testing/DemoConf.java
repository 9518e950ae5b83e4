package io.groupbridge.testing;

/** Conf sections matching the shipped demo conf's self-service parts, for a {@link TestHome} on the demo directory. */
public final class DemoConf {

    /** Every demo person's password (demo.ldif). */
    public static final String PASSWORD = "groupbridge-demo";

    /** S1 on, S5 and S7 groups, the three role groups and the automation service principal, as conf/groupbridge.yaml. */
    public static final String SELF_SERVICE = """
            settings:
              ownersCanManageJoinRequests: true
              unifiedGroupCreationAllowedGroup: cn=Unified Group Creators,ou=groups,dc=example,dc=com
              premiumLicense: cn=Premium Licensed,ou=groups,dc=example,dc=com
            roles:
              groupsAdministrators: cn=Groups Administrators,ou=groups,dc=example,dc=com
              userAdministrators: cn=User Administrators,ou=groups,dc=example,dc=com
              globalAdministrators: cn=Global Administrators,ou=groups,dc=example,dc=com
            servicePrincipals:
              - name: automation
                dn: cn=automation,ou=services,dc=example,dc=com
                password: automation-secret
            requests:
              expireAfter: 30d
            """;

    private DemoConf() {
    }
}
