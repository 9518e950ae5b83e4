package io.groupbridge.cli;

import io.groupbridge.selfservice.SignIn;
import io.groupbridge.selfservice.SignInException;
import io.groupbridge.selfservice.rules.Actor;
import java.io.Console;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * How a command proves who runs it (spec A16): a person's login and password, checked by an LDAP bind, or a
 * configured service principal. There is deliberately no option to act as someone without their credentials.
 */
final class SignInOptions {

    static final String PASSWORD_VARIABLE = "GROUPBRIDGE_PASSWORD";
    // Far beyond any real password, small enough that a wrong file costs nothing.
    static final int MAX_PASSWORD_CHARS = 4096;

    @Option(names = {"-u", "--user"}, paramLabel = "LOGIN",
            description = "sign in as this person (uid, mail or cn); the password comes from --password-file, else $"
                    + PASSWORD_VARIABLE + ", else a prompt without echo")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "read the password from the first line of FILE")
    Path passwordFile;

    @Option(names = "--service-principal", paramLabel = "NAME",
            description = "act as the configured service principal NAME, with its configured credentials")
    String servicePrincipal;

    /**
     * @throws UsageException   when neither or both ways are given, or no password can be read
     * @throws SignInException  when the directory refuses the credentials
     */
    Actor signIn(SignIn signIn, CliEnvironment env) throws UsageException, SignInException {
        if ((user == null) == (servicePrincipal == null)) {
            throw new UsageException("sign in with --user LOGIN or with --service-principal NAME (exactly one)");
        }
        if (servicePrincipal != null) {
            return signIn.servicePrincipal(servicePrincipal);
        }
        return signIn.person(user, password(env));
    }

    private char[] password(CliEnvironment env) throws UsageException {
        if (passwordFile != null) {
            return firstLine(passwordFile);
        }
        String fromEnv = env.environment().get(PASSWORD_VARIABLE);
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        Console console = env.interactive() ? System.console() : null;
        if (console == null) {
            throw new UsageException("no password: give --password-file FILE or set " + PASSWORD_VARIABLE
                    + " when not on a terminal");
        }
        char[] typed = console.readPassword("password for %s: ", user);
        if (typed == null) {
            throw new UsageException("no password was entered");
        }
        return typed;
    }

    /*
     * Reads up to the first line end and no further, so that a FILE like /dev/zero or a multi-gigabyte file is
     * refused at once instead of being read whole into memory.
     */
    private static char[] firstLine(Path file) throws UsageException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] line = new char[MAX_PASSWORD_CHARS];
            int length = 0;
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (length == line.length) {
                    Arrays.fill(line, '\0');
                    throw new UsageException("the password file " + file + " has no line end within its first "
                            + MAX_PASSWORD_CHARS + " characters; expected the password on the first line");
                }
                line[length++] = (char) c;
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            char[] password = Arrays.copyOf(line, length);
            Arrays.fill(line, '\0');
            return password;
        } catch (IOException e) {
            throw new UsageException("cannot read the password file " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
