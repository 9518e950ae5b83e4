package io.groupbridge.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@link Browser#open} loads http(s) pages on loopback only; this needs no browser. */
class BrowserUrlTest {

    @Test
    void pagesOffLoopbackAreRefused() {
        assertThatThrownBy(() -> Browser.requireLoopback(URI.create("http://example.com/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback only");
        assertThatThrownBy(() -> Browser.requireLoopback(URI.create("http://10.1.2.3:8080/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Browser.requireLoopback(URI.create("file:///etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Browser.requireLoopback(URI.create("http://127.0.0.1.example.com/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> Browser.requireLoopback(URI.create("http://127.0.0.1:8080/"))).doesNotThrowAnyException();
        assertThatCode(() -> Browser.requireLoopback(URI.create("https://localhost/"))).doesNotThrowAnyException();
        assertThatCode(() -> Browser.requireLoopback(URI.create("http://[::1]:8080/"))).doesNotThrowAnyException();
    }
}
