package io.groupbridge.daemon;

import io.groupbridge.config.ConfigException;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conf as the daemon's jobs see it (spec C2, C3, S8). Every cycle calls {@link #refresh()}, which reloads the
 * file when its modification time or size changed. A valid edit replaces the conf in one reference swap, so a job
 * works with one whole conf, old or new, never a mix. An invalid edit is logged once with file, line and key, and
 * the last good conf stays in force until the file is fixed.
 *
 * <p>The store, the directory connection and the notification receivers are set up once, at start: edits to them are
 * reported and take effect at the next start. Everything else (settings, mapping, bases, filters, limits, schedule) applies at the next cycle.
 *
 * <p>Thread-safe: jobs on several scheduler threads may refresh at once; one reload at a time runs.
 */
public final class LiveConfig {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);

    private final ConfigLoader loader;
    private final Path file;
    private final List<Consumer<GroupbridgeConfig>> listeners = new ArrayList<>();
    // Guarded by this.
    private GroupbridgeConfig current;
    private Stamp loaded;
    private ConfigException lastError;

    /** @param initial the conf the daemon started with, loaded from its {@link GroupbridgeConfig#source()} */
    public LiveConfig(ConfigLoader loader, GroupbridgeConfig initial) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.current = Objects.requireNonNull(initial, "initial");
        this.file = initial.source();
        this.loaded = stamp();
    }

    /** Called with the new conf after each successful reload, on the thread that reloaded. */
    public synchronized void onChange(Consumer<GroupbridgeConfig> listener) {
        listeners.add(listener);
    }

    public synchronized GroupbridgeConfig current() {
        return current;
    }

    /** The problem with the file as it is now, while the last good conf stays in force. */
    public synchronized Optional<ConfigException> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Reloads the file if it changed since it was last read, and returns the conf in force. */
    public GroupbridgeConfig refresh() {
        GroupbridgeConfig changed;
        synchronized (this) {
            Stamp now = stamp();
            if (now.equals(loaded)) {
                return current;
            }
            loaded = now;
            GroupbridgeConfig next;
            try {
                next = loader.load(file);
            } catch (ConfigException e) {
                lastError = e;
                LOG.warn("conf not reloaded, the last good conf (settings version {}) stays in force: {}",
                        current.settings().version(), e.getMessage());
                return current;
            }
            lastError = null;
            warnAboutRestartOnlyChanges(current, next);
            LOG.info("conf reloaded from {}: settings version {} (was {})", file, next.settings().version(),
                    current.settings().version());
            current = next;
            changed = next;
        }
        List<Consumer<GroupbridgeConfig>> toTell;
        synchronized (this) {
            toTell = List.copyOf(listeners);
        }
        toTell.forEach(l -> l.accept(changed));
        return changed;
    }

    private void warnAboutRestartOnlyChanges(GroupbridgeConfig old, GroupbridgeConfig next) {
        if (!old.store().equals(next.store())) {
            LOG.warn("conf {}: store changed; it takes effect when the daemon restarts", file);
        }
        var o = old.directory();
        var n = next.directory();
        if (!o.url().equals(n.url()) || !o.bindDn().equals(n.bindDn()) || !o.bindPassword().equals(n.bindPassword())
                || o.startTls() != n.startTls() || !o.embedded().equals(n.embedded())) {
            LOG.warn("conf {}: the directory connection changed; it takes effect when the daemon restarts", file);
        }
        if (!old.notifications().equals(next.notifications())) {
            LOG.warn("conf {}: notifications changed; they take effect when the daemon restarts", file);
        }
    }

    /** Modification time and size: an edit that keeps one of them still changes the other in practice. */
    private record Stamp(long modifiedMillis, long size) {
    }

    private Stamp stamp() {
        try {
            return new Stamp(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
        } catch (IOException e) {
            // A file being replaced may be missing for a moment; the next cycle looks again.
            return new Stamp(-1, -1);
        }
    }
}
