package io.groupbridge.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON payload of a {@code create-group} outbox row: self-service writes it when a group is asked for, the
 * write-back reads it when it adds the entry, so both sides live here. The group's DN is the row's, not the
 * payload's. Reading also takes the rows older versions queued (no channel, one {@code objectClass}), and drops the
 * spaces around a value, which self-service never writes.
 */
public final class CreateGroupPayload {

    private final ObjectMapper mapper = new ObjectMapper();

    /** @return the payload for {@code group}, read back by {@link #parse} as the same group */
    public String write(NewGroup group) {
        ObjectNode root = mapper.createObjectNode();
        root.put("name", group.name());
        root.put("kind", group.kind().wireName());
        root.put("description", group.description());
        root.put("policy", group.policy().wireName());
        root.put("channel", group.channel().wireName());
        group.owners().forEach(root.putArray("owners")::add);
        group.members().forEach(root.putArray("members")::add);
        group.objectClasses().forEach(root.putArray("objectClasses")::add);
        root.put("memberAttribute", group.memberAttribute());
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a create-group payload did not serialize", e);
        }
    }

    /** @throws IllegalArgumentException naming the field when the payload is not what self-service writes */
    public NewGroup parse(String dn, String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("create-group has no payload");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("create-group payload is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("create-group payload is not a JSON object");
        }
        GroupKind kind = GroupKind.fromWireName(required(root, "kind"));
        String policy = text(root, "policy");
        String channelText = text(root, "channel");
        Channel channel = channelText == null ? Channel.SELF_SERVICE : Channel.fromWireName(channelText);
        String objectClass = text(root, "objectClass");
        List<String> objectClasses = values(root, "objectClasses", "a list of object class names");
        String memberAttribute = text(root, "memberAttribute");
        boolean unique = "groupOfUniqueNames".equalsIgnoreCase(objectClass);
        if (objectClasses.isEmpty()) {
            // Rows queued before the mapping named the classes: what groupbridge wrote then.
            objectClasses = List.of(unique ? "groupOfUniqueNames" : "groupOfNames", "gbGroup");
        }
        return new NewGroup(dn, required(root, "name"), kind, text(root, "description"),
                policy == null ? JoinPolicy.defaultFor(kind, channel) : JoinPolicy.fromWireName(policy), channel,
                dns(root, "owners"), dns(root, "members"), objectClasses,
                memberAttribute != null ? memberAttribute : unique ? "uniqueMember" : "member");
    }

    private static String required(JsonNode root, String field) {
        String value = text(root, field);
        if (value == null) {
            throw new IllegalArgumentException("create-group payload has no " + field);
        }
        return value;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText().trim();
    }

    private static List<String> dns(JsonNode root, String field) {
        return values(root, field, "a list of DNs");
    }

    private static List<String> values(JsonNode root, String field, String expected) {
        JsonNode node = root.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("create-group payload field " + field + " is not " + expected);
        }
        node.forEach(v -> values.add(v.asText()));
        return values;
    }
}
