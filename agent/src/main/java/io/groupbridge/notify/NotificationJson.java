package io.groupbridge.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.groupbridge.selfservice.Notification;
import java.util.Locale;

/**
 * The JSON body commands and webhooks receive. Built field by field rather than by reflection, so that renaming a
 * record component cannot silently change what receivers parse. Absent justification and reason are {@code null}.
 *
 * <pre>{"event":"requested","requestId":42,"groupDn":"cn=...","groupName":"...","requesterDn":"uid=...",
 * "justification":"...","actorDn":"uid=...","reason":null,"recipients":["uid=..."],"at":"2026-01-01T10:00:00Z"}</pre>
 */
final class NotificationJson {

    private final ObjectMapper mapper = new ObjectMapper();

    byte[] toJson(Notification n) {
        ObjectNode o = mapper.createObjectNode();
        o.put("event", n.event().name().toLowerCase(Locale.ROOT));
        o.put("requestId", n.requestId());
        o.put("groupDn", n.groupDn());
        o.put("groupName", n.groupName());
        o.put("requesterDn", n.requesterDn());
        o.put("justification", n.justification().orElse(null));
        o.put("actorDn", n.actorDn());
        o.put("reason", n.reason().orElse(null));
        n.recipients().forEach(o.putArray("recipients")::add);
        o.put("at", n.at().toString());
        try {
            return mapper.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
