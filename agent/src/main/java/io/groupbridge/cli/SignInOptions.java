package io.groupbridge.cli;

import io.groupbridge.selfservice.Actor;
import io.groupbridge.selfservice.SignIn;
import io.groupbridge.selfservice.SignInException;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command proves who runs it (spec A16): a person's login and password, checked by an LDAP bind, or a
 * configured service principal. There is deliberately no option to act as someone without their credentials.
 */
final class SignInOptions {

    static final String PASSWORD_VARIABLE = "GROUPBRIDGE_PASSWORD";

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
            try {
                String content = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int end = content.indexOf('\n');
                String line = end < 0 ? content : content.substring(0, end);
                return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
            } catch (IOException e) {
                throw new UsageException("cannot read the password file " + passwordFile + ": "
                        + e.getClass().getSimpleName());
            }
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
}
