package io.groupbridge;

import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.selfservice.rules.TenantSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-service settings in force (spec S1-S7), the request expiry (R4) and their version (S8), as
 * {@code groupbridge settings show --json} prints them and the API's {@code GET /api/v1/settings} answers: values
 * under the conf's key names, and the spec rule of each key in {@link #spec()}, apart from the values.
 *
 * @param settings the {@code settings:} keys of the conf and their values
 * @param requests the {@code requests:} keys that decide requests' lives
 * @param spec     the spec rule of each key, with the same nesting ({@code settings}, {@code requests},
 *                 {@code version})
 */
public record SettingsView(Map<String, Object> settings, Map<String, Object> requests, Map<String, Object> spec,
        String version) {

    public SettingsView {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        requests = Collections.unmodifiableMap(new LinkedHashMap<>(requests));
        spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
    }

    /** What {@code config} makes of the settings, in the rules' terms (DNs normalized). */
    public static SettingsView of(GroupbridgeConfig config) {
        TenantSettings t = GroupbridgeApp.tenantSettings(config.settings());
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, String> specOfSettings = new LinkedHashMap<>();
        put(settings, specOfSettings, "ownersCanManageJoinRequests", t.ownersCanManageJoinRequests(), "S1");
        put(settings, specOfSettings, "restrictMyGroups", t.restrictMyGroups().wireName(), "S2");
        put(settings, specOfSettings, "usersCanCreateSecurityGroups", t.usersCanCreateSecurityGroups(), "S3");
        put(settings, specOfSettings, "usersCanCreateUnifiedGroups", t.usersCanCreateUnifiedGroups(), "S4");
        put(settings, specOfSettings, "unifiedGroupCreationAllowedGroup",
                t.unifiedGroupCreationAllowedGroup().orElse(""), "S5");
        put(settings, specOfSettings, "ownerAssignment", t.ownerAssignment().wireName(), "S6");
        put(settings, specOfSettings, "ownerAssignmentSelected", List.copyOf(t.ownerAssignmentSelected()), "S6");
        put(settings, specOfSettings, "premiumLicense", t.premiumLicense().wireValue(), "S7");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("settings", Collections.unmodifiableMap(specOfSettings));
        spec.put("requests", Map.of("expireAfter", "R4"));
        spec.put("version", "S8");
        return new SettingsView(settings, Map.of("expireAfter", config.requests().expireAfter().toString()), spec,
                t.version());
    }

    private static void put(Map<String, Object> settings, Map<String, String> spec, String key, Object value,
            String rule) {
        settings.put(key, value);
        spec.put(key, rule);
    }

    /** The spec rule of the {@code settings:} key {@code key}. */
    @SuppressWarnings("unchecked")
    public String ruleOf(String key) {
        return ((Map<String, String>) spec.get("settings")).get(key);
    }
}
