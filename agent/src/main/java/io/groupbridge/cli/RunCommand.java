package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.daemon.Daemon;
import io.groupbridge.daemon.LiveConfig;
import io.groupbridge.sync.LockHeldException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code groupbridge run}: the daemon in the foreground, until SIGTERM or SIGINT. The shutdown hook stops the schedule
 * within {@code schedule.shutdownTimeout}, closes the store and persists the embedded directory.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon: incremental and full reconciles, write-back and request expiry on the conf's"
                + " schedule. Stops cleanly on SIGTERM or SIGINT (Ctrl-C).")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    GroupbridgeCommand root;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = root.env;
        ConfigLoader loader = new ConfigLoader(env.environment());
        GroupbridgeConfig config = loader.load(root.confPath());
        GroupbridgeApp app = GroupbridgeApp.open(config, env.clock());
        Daemon daemon;
        try {
            daemon = new Daemon(app, new LiveConfig(loader, config), env.clock());
            daemon.start();
        } catch (LockHeldException e) {
            app.close();
            env.err().println("error: " + e.explanation());
            return ExitCodes.TEMPFAIL;
        } catch (Exception e) {
            app.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int code = ExitCodes.OK;
            try {
                daemon.close();
                app.close();
            } catch (RuntimeException e) {
                env.err().println("error: stopping the daemon: " + e.getMessage());
                code = ExitCodes.FAILURE;
            } finally {
                stopped.countDown();
                env.out().flush();
                env.err().flush();
            }
            // Otherwise the JVM exits with 143 or 130 for the signal; a clean stop is a success to systemd and scripts.
            env.jvmExit().halt(code);
        }, "groupbridge-shutdown"));
        env.err().printf("groupbridge daemon running (pid %d, conf %s, directory %s%s); stop with SIGTERM or Ctrl-C%n",
                ProcessHandle.current().pid(), config.source(), app.directory().endpoint(),
                daemon.web().map(w -> ", web panel and API " + w.url()).orElse(""));
        stopped.await();
        return ExitCodes.OK;
    }
}
