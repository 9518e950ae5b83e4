package io.groupbridge.containers;

import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority made by the test, with UnboundID's manage-certificates tool in process (so no
 * openssl or keytool is needed), that signs server certificates as PEM files slapd can read.
 */
final class TestCertificates {

    private static final String PASSWORD = "test-keystore-secret";

    private final Path dir;
    private final Path keystore;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.keystore = dir.resolve("ca.p12");
    }

    /** A new CA named {@code cn}, kept in {@code dir}. */
    static TestCertificates authority(Path dir, String cn) {
        TestCertificates ca = new TestCertificates(dir);
        ca.run("generate-self-signed-certificate", "--keystore", ca.keystore.toString(),
                "--keystore-password", PASSWORD, "--keystore-type", "PKCS12", "--alias", "ca",
                "--subject-dn", "CN=" + cn, "--key-algorithm", "RSA", "--key-length-bits", "2048",
                "--days-valid", "2", "--basic-constraints-is-ca", "true", "--key-usage", "key-cert-sign");
        ca.run("export-certificate", "--keystore", ca.keystore.toString(), "--keystore-password", PASSWORD,
                "--alias", "ca", "--output-format", "PEM", "--output-file", ca.certificate().toString());
        return ca;
    }

    /** The CA's own certificate, what a client trusts. */
    Path certificate() {
        return dir.resolve("ca.pem");
    }

    /**
     * A server certificate and its unencrypted key, {@code NAME.crt} and {@code NAME.key} in this CA's folder.
     *
     * @param subjectAlternativeNames {@code ip:127.0.0.1} or {@code dns:host} entries, what host-name checks match
     */
    ServerCertificate issue(String name, String... subjectAlternativeNames) {
        Path serverKeystore = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        ServerCertificate server = new ServerCertificate(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        List<String> csr = new ArrayList<>(List.of("generate-certificate-signing-request",
                "--keystore", serverKeystore.toString(), "--keystore-password", PASSWORD, "--keystore-type", "PKCS12",
                "--alias", "server", "--subject-dn", "CN=" + name, "--key-algorithm", "RSA", "--key-length-bits",
                "2048", "--output-format", "PEM", "--output-file", request.toString()));
        for (String san : subjectAlternativeNames) {
            String[] kindAndValue = san.split(":", 2);
            csr.add(kindAndValue[0].equals("ip") ? "--subject-alternative-name-ip-address"
                    : "--subject-alternative-name-dns");
            csr.add(kindAndValue[1]);
        }
        run(csr.toArray(String[]::new));
        run("sign-certificate-signing-request", "--request-input-file", request.toString(),
                "--keystore", keystore.toString(), "--keystore-password", PASSWORD, "--signing-certificate-alias", "ca",
                "--days-valid", "2", "--include-requested-extensions", "--no-prompt",
                "--output-format", "PEM", "--certificate-output-file", server.certificate().toString());
        run("export-private-key", "--keystore", serverKeystore.toString(), "--keystore-password", PASSWORD,
                "--alias", "server", "--output-format", "PEM", "--output-file", server.key().toString());
        return server;
    }

    record ServerCertificate(Path certificate, Path key) {
    }

    private void run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCode result = ManageCertificates.main(InputStream.nullInputStream(), out, out, args);
        if (result != ResultCode.SUCCESS) {
            throw new IllegalStateException("manage-certificates " + args[0] + " failed: "
                    + out.toString(StandardCharsets.UTF_8));
        }
    }
}
