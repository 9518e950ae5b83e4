package io.groupbridge.config;

import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be shown: in {@code conf check}, in store errors, in logs. A URL may carry the database
 * password (PostgreSQL's {@code ?password=}, SQL Server's {@code ;password=}, {@code user:password@host}, Oracle's
 * {@code user/password@host}), which the conf would otherwise keep as a {@link Secret}.
 */
public final class JdbcUrls {

    private static final String MASK = "******";
    // password=, pwd=, and the driver-specific sslpassword=, trustStorePassword= and the like, as a URL parameter.
    private static final Pattern PARAMETER = Pattern.compile("(?i)([?&;:]\\s*[\\w.-]*(?:password|pwd)\\s*=)[^&;]*");
    // user:password@ in the authority; greedy, so a password with an unencoded @ is masked to its last one.
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@\\s:]*):[^/?#\\s]*@");
    // Oracle's thin driver: jdbc:oracle:thin:user/password@host.
    private static final Pattern ORACLE = Pattern.compile("(?i)(:thin:[^/@\\s]*)/[^@\\s]*@");

    private JdbcUrls() {
    }

    /**
     * @param text a JDBC URL, or a message that may contain one; must not be {@code null}
     * @return the text with every password in it replaced by {@value #MASK}
     */
    public static String redact(String text) {
        String redacted = PARAMETER.matcher(text).replaceAll("$1" + MASK);
        redacted = USER_INFO.matcher(redacted).replaceAll("$1:" + MASK + "@");
        return ORACLE.matcher(redacted).replaceAll("$1/" + MASK + "@");
    }
}
