package io.groupbridge.selfservice.rules;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naming policy of groups people create and rename (spec N1-N6), as Entra's: a prefix and a suffix put around
 * the name typed, in which {@code [Attribute]} stands for the creator's value of that directory attribute, and words
 * a name typed may not contain. Pure: the caller reads the attributes {@link #attributes()} names and passes them in,
 * so a creation and a rename decide alike.
 *
 * <p>Blocked words are matched as whole words, ignoring case (in {@link Locale#ROOT}) and compatibility forms (NFKC,
 * so a full-width {@code Ｃeo} is {@code ceo}), in the text typed only: the prefix and the suffix are the
 * administrator's and an attribute value the directory's.
 *
 * <p>Immutable and thread-safe.
 *
 * @param prefix       put before the name typed; may be empty, never null
 * @param suffix       put after it; may be empty, never null
 * @param blockedWords words a name typed may not contain; copied
 */
public record NamingPolicy(String prefix, String suffix, Set<String> blockedWords) {

    /** {@code [Department]}: an LDAP attribute name between brackets. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\[([A-Za-z][A-Za-z0-9-]*)]");
    // Letters, digits and marks make words; everything else separates them.
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+");

    public NamingPolicy {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        Set<String> words = new LinkedHashSet<>();
        for (String w : Objects.requireNonNull(blockedWords, "blockedWords")) {
            words.add(fold(w.strip()));
        }
        words.remove("");
        blockedWords = Set.copyOf(words);
    }

    /** No prefix, no suffix, no blocked word: every name is taken as typed. */
    public static NamingPolicy none() {
        return new NamingPolicy("", "", Set.of());
    }

    /** Whether the policy asks anything of anyone. */
    public boolean isEmpty() {
        return prefix.isEmpty() && suffix.isEmpty() && blockedWords.isEmpty();
    }

    /** The directory attributes the prefix and suffix name, lower-cased (LDAP attribute names ignore case). */
    public Set<String> attributes() {
        Set<String> names = new LinkedHashSet<>();
        for (String part : List.of(prefix, suffix)) {
            Matcher m = PLACEHOLDER.matcher(part);
            while (m.find()) {
                names.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(names);
    }

    /** N5: whether the policy holds this actor; administrators and service principals are exempt. */
    public boolean holds(Actor actor) {
        return !actor.isPrivileged() && !isEmpty();
    }

    /**
     * The name a group gets when {@code actor} types {@code typed}, or the rule that refuses it.
     *
     * @param typed      the name as typed, already stripped and in NFC
     * @param attributes the actor's values of {@link #attributes()}, keyed lower-case; a missing or blank one refuses
     *                   (N2)
     * @param maxLength  the longest name accepted, in code points (N4)
     */
    public Named name(Actor actor, String typed, Map<String, String> attributes, int maxLength,
            String settingsVersion) {
        Objects.requireNonNull(typed, "typed");
        if (!holds(actor)) {
            return new Named(typed, Decision.allow("N5", actor.isPrivileged()
                    ? "administrators and service principals are not held to the naming policy"
                    : "no naming policy is set", settingsVersion));
        }
        Optional<String> blocked = blockedWordIn(typed);
        if (blocked.isPresent()) {
            return new Named(typed, Decision.refuse("N3", "a group name may not contain the word '" + blocked.get()
                    + "' (the naming policy's blocked words)", settingsVersion));
        }
        Optional<String> before = resolve(prefix, attributes);
        Optional<String> after = resolve(suffix, attributes);
        if (before.isEmpty() || after.isEmpty()) {
            String missing = attributes().stream().filter(a -> value(attributes, a).isEmpty()).sorted().findFirst()
                    .orElseThrow();
            return new Named(typed, Decision.refuse("N2", "the naming policy puts your " + missing + " in group names,"
                    + " and the directory holds none for you; ask an administrator to set it or to create the group",
                    settingsVersion));
        }
        String full = carries(typed, before.get(), after.get()) ? typed : before.get() + typed + after.get();
        int length = full.codePointCount(0, full.length());
        if (length > maxLength) {
            return new Named(full, Decision.refuse("N4", "with the naming policy's prefix and suffix the name would be '"
                    + full + "', " + length + " characters; at most " + maxLength + " are accepted, so choose a"
                    + " shorter name", settingsVersion));
        }
        return new Named(full, Decision.allow("N1", full.equals(typed) ? "the name follows the naming policy"
                : "the naming policy names the group '" + full + "'", settingsVersion));
    }

    /** The first blocked word {@code text} contains as a whole word, as the policy spells it. */
    public Optional<String> blockedWordIn(String text) {
        if (blockedWords.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = WORD.matcher(fold(text));
        while (m.find()) {
            if (blockedWords.contains(m.group())) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }

    // A rename keeps a name that already has the prefix and suffix, and the creator's own spelling of them.
    private static boolean carries(String typed, String before, String after) {
        return typed.length() > before.length() + after.length() && typed.startsWith(before) && typed.endsWith(after);
    }

    private static Optional<String> resolve(String pattern, Map<String, String> attributes) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Optional<String> v = value(attributes, m.group(1).toLowerCase(Locale.ROOT));
            if (v.isEmpty()) {
                return Optional.empty();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v.get()));
        }
        m.appendTail(sb);
        return Optional.of(Normalizer.normalize(sb.toString(), Normalizer.Form.NFC));
    }

    private static Optional<String> value(Map<String, String> attributes, String name) {
        return Optional.ofNullable(attributes.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /**
     * @param name     the name the group gets when allowed (the name typed with prefix and suffix); the name typed
     *                 when refused before they were resolved
     * @param decision the N rule that settled it
     */
    public record Named(String name, Decision decision) {
        public Named {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(decision, "decision");
        }
    }
}
