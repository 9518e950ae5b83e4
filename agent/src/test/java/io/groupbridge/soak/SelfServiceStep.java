package io.groupbridge.soak;

import java.util.Map;

/**
 * One self-service action as the command line and the REST API each spell it, and what the soak's checks must
 * expect once either acknowledged it. {@code apiPath} is {@code null} for an action the API does not offer.
 */
record SelfServiceStep(String kind, String actor, String[] cli, String apiPath, Map<String, String> apiBody,
        Effect effect) {

    /** What an acknowledged action commits the agent to. */
    interface Effect {
        void expect(SoakChecks checks) throws Exception;
    }

    void acknowledged(SoakChecks checks) throws Exception {
        effect.expect(checks);
    }

    static SelfServiceStep join(String person, String group) {
        return new SelfServiceStep("join", person, new String[] {"join", group, "--user", person},
                "/api/v1/groups/" + SoakApi.segment(group) + "/join", Map.of(),
                checks -> checks.expectMember(group, Soak.uid(person)));
    }

    static SelfServiceStep request(String person, String group, String justification) {
        return new SelfServiceStep("request", person,
                new String[] {"request", group, "--justification", justification, "--user", person},
                "/api/v1/groups/" + SoakApi.segment(group) + "/join", Map.of("justification", justification),
                checks -> { });
    }

    static SelfServiceStep leave(String person, String group) {
        return new SelfServiceStep("leave", person, new String[] {"leave", group, "--user", person},
                "/api/v1/groups/" + SoakApi.segment(group) + "/leave", Map.of(),
                checks -> checks.left(group, Soak.uid(person)));
    }

    static SelfServiceStep decide(String owner, long request, boolean approve, String group, String requester) {
        String verb = approve ? "approve" : "deny";
        String[] cli = approve ? new String[] {"requests", "approve", Long.toString(request), "--user", owner}
                : new String[] {"requests", "deny", Long.toString(request), "--reason", "not this time", "--user",
                        owner};
        return new SelfServiceStep(verb, owner, cli, "/api/v1/requests/" + request + "/" + verb,
                approve ? Map.of() : Map.of("reason", "not this time"), checks -> {
                    checks.decided(request, approve ? "approved" : "denied");
                    if (approve) {
                        checks.expectMember(group, requester);
                    }
                });
    }

    static SelfServiceStep cancel(String person, long request) {
        return new SelfServiceStep("cancel", person,
                new String[] {"requests", "cancel", Long.toString(request), "--user", person},
                "/api/v1/requests/" + request + "/cancel", Map.of(), checks -> checks.decided(request, "cancelled"));
    }

    static SelfServiceStep policy(String owner, String group, String policy) {
        return new SelfServiceStep("set policy", owner,
                new String[] {"groups", "edit", group, "--policy", policy, "--user", owner}, null, Map.of(),
                checks -> { });
    }

    static SelfServiceStep create(String owner, String name) {
        return new SelfServiceStep("create group", owner, new String[] {"groups", "create", name, "--policy",
                "owner-approval", "--owner", owner.equals("grace") ? "dave" : "grace", "--user", "bob"}, null,
                Map.of(), checks -> { });
    }

    static SelfServiceStep addOwner(String owner, String group, String person) {
        return new SelfServiceStep("add owner", owner,
                new String[] {"owners", "add", group, person, "--user", owner},
                "/api/v1/groups/" + SoakApi.segment(group) + "/owners", Map.of("person", person), checks -> { });
    }

    static SelfServiceStep removeOwner(String owner, String group, String person) {
        return new SelfServiceStep("remove owner", owner,
                new String[] {"owners", "remove", group, person, "--user", owner}, null, Map.of(), checks -> { });
    }
}
