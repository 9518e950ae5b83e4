package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** issue 10, finding 3: a password inside a JDBC URL never reaches {@code conf check}, errors or logs. */
class JdbcUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://h/db?password=x                      | jdbc:postgresql://h/db?password=******",
        "jdbc:postgresql://h/db?user=gb&password=s3cr&ssl=true  | jdbc:postgresql://h/db?user=gb&password=******&ssl=true",
        "jdbc:postgresql://h/db?sslpassword=k&PASSWORD=x        | jdbc:postgresql://h/db?sslpassword=******&PASSWORD=******",
        "jdbc:postgresql://gb:s3cr@h:5432/db                    | jdbc:postgresql://gb:******@h:5432/db",
        "jdbc:mysql://gb:p@ss@h/db                              | jdbc:mysql://gb:******@h/db",
        "jdbc:sqlserver://h;user=gb;password=x;encrypt=true     | jdbc:sqlserver://h;user=gb;password=******;encrypt=true",
        "jdbc:hsqldb:hsql://h/db;pwd=x                          | jdbc:hsqldb:hsql://h/db;pwd=******",
        "jdbc:oracle:thin:gb/s3cr@//h:1521/db                   | jdbc:oracle:thin:gb/******@//h:1521/db",
        "cannot open the group store at jdbc:postgresql://gb:s3cr@h/db: refused | cannot open the group store at jdbc:postgresql://gb:******@h/db: refused",
    })
    void passwordsInAUrlAreMasked(String url, String shown) {
        assertThat(JdbcUrls.redact(url)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db.corp.example:5432/groupbridge",
        "jdbc:postgresql://gb@h/db?ssl=true&user=gb",
        "jdbc:hsqldb:file:/srv/gb/data/store/groupbridge;hsqldb.tx=mvcc",
        "embedded",
    })
    void urlsWithoutAPasswordAreShownAsTheyAre(String url) {
        assertThat(JdbcUrls.redact(url)).isEqualTo(url);
    }
}
