package io.groupbridge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What resolving a value may depend on besides its text: the file (for errors), the home folder (for relative paths)
 * and the environment the loader was given.
 *
 * @param inlineSecrets filled while the file is read with the keys whose secret is written in the file itself, so
 *     that the loader can warn when others may read it; one list per load
 */
record ConfigContext(Path file, Path home, Map<String, String> environment, List<String> inlineSecrets) {

    static final String SECRET_FORMS = "an inline value, ${env:NAME} or file:/path/to/secret";

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String FILE_PREFIX = "file:";

    Path resolvePath(String text) {
        return home.resolve(text).normalize();
    }

    /**
     * Errors name the reference (variable name or file path) but never the inline text, which may be the password
     * itself.
     */
    Secret resolveSecret(String text, String key, int line) throws ConfigException {
        if (text.startsWith("${")) {
            Matcher m = ENV_REFERENCE.matcher(text);
            if (!m.matches()) {
                throw new ConfigException(file, line, key, "malformed environment reference", "${env:NAME}");
            }
            String value = environment.get(m.group(1));
            if (value == null || value.isBlank()) {
                throw new ConfigException(file, line, key,
                        "environment variable " + m.group(1) + " is " + (value == null ? "not set" : "empty"),
                        m.group(1) + " set in the agent's environment, or " + SECRET_FORMS);
            }
            return Secret.of(value);
        }
        if (text.startsWith(FILE_PREFIX)) {
            return Secret.of(readSecretFile(text.substring(FILE_PREFIX.length()).trim(), key, line));
        }
        inlineSecrets.add(key);
        return Secret.of(text);
    }

    private String readSecretFile(String pathText, String key, int line) throws ConfigException {
        String expected = "a readable file holding the secret (relative paths resolve against " + home + ")";
        Path path;
        try {
            path = resolvePath(pathText);
        } catch (InvalidPathException e) {
            throw new ConfigException(file, line, key, "'" + pathText + "' is not a valid path", expected);
        }
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, line, key, "secret file " + path + " does not exist", expected);
        } catch (IOException e) {
            throw new ConfigException(file, line, key, "secret file " + path + " cannot be read", expected);
        }
        if (content.isEmpty()) {
            throw new ConfigException(file, line, key, "secret file " + path + " is empty", expected);
        }
        return content;
    }
}
