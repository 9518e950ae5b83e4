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
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conf as the daemon's jobs see it (spec C2, C3, S8). Every cycle calls {@link #refresh()}, which reloads the
 * file when its modification time or size changed. A valid edit replaces the conf in one reference swap, so a job
 * works with one whole conf, old or new, never a mix. An invalid edit is logged once with file, line and key, and
 * the last good conf stays in force until the file is fixed.
 *
 * <p>The store and the directory connection are set up once, at start, and a running daemon cannot switch them. So an
 * edit that empties the file, drops the {@code directory} or {@code store} section the running conf's file had, or
 * changes the store or the directory connection is refused like an invalid one (issue 10, finding 8): applied,
 * an emptied or cut-short file would reset settings and roles to the defaults and point the next start at the
 * embedded directory and store, and new bases over the old connection would mix two directories. A restart loads
 * such a file as any other (an empty file then means the embedded defaults). Notification receivers are also set
 * up at start: edits to them are reported and take effect at the next start. Everything else (settings, mapping,
 * bases, filters, limits, schedule) applies at the next cycle.
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
    // The top-level sections of the file the conf in force came from.
    private Set<String> sections;
    private Stamp loaded;
    private ConfigException lastError;

    /** @param initial the conf the daemon started with, loaded from its {@link GroupbridgeConfig#source()} */
    public LiveConfig(ConfigLoader loader, GroupbridgeConfig initial) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.current = Objects.requireNonNull(initial, "initial");
        this.file = initial.source();
        this.loaded = stamp();
        this.sections = sectionsAtStart(loader, file);
    }

    /** The file was just loaded, so reading it again succeeds unless it was edited since; then nothing is held. */
    private static Set<String> sectionsAtStart(ConfigLoader loader, Path file) {
        try {
            return loader.read(file).sections();
        } catch (ConfigException e) {
            return Set.of();
        }
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
            ConfigLoader.Read next;
            try {
                next = loader.read(file);
                refuseWhatCannotApplyLive(next);
            } catch (ConfigException e) {
                lastError = e;
                LOG.warn("conf not reloaded, the last good conf (settings version {}) stays in force: {}",
                        current.settings().version(), e.getMessage());
                return current;
            }
            lastError = null;
            if (!current.notifications().equals(next.config().notifications())) {
                LOG.warn("conf {}: notifications changed; they take effect when the daemon restarts", file);
            }
            if (!current.http().equals(next.config().http())) {
                LOG.warn("conf {}: http changed; the web panel and API keep their listener and session time-outs"
                        + " until the daemon restarts", file);
            }
            LOG.info("conf reloaded from {}: settings version {} (was {})", file,
                    next.config().settings().version(), current.settings().version());
            current = next.config();
            sections = next.sections();
            changed = current;
        }
        List<Consumer<GroupbridgeConfig>> toTell;
        synchronized (this) {
            toTell = List.copyOf(listeners);
        }
        toTell.forEach(l -> l.accept(changed));
        return changed;
    }

    private void refuseWhatCannotApplyLive(ConfigLoader.Read next) throws ConfigException {
        if (next.sections().isEmpty()) {
            throw restartNeeded(1, "", "the file is empty (or holds only comments), which would reset every"
                    + " setting to its default");
        }
        for (String section : List.of("directory", "store")) {
            if (sections.contains(section) && !next.sections().contains(section)) {
                throw restartNeeded(1, section, "the section is gone (a cut-short file?)");
            }
        }
        GroupbridgeConfig n = next.config();
        if (!current.store().equals(n.store())) {
            throw restartNeeded(1, "store", "the store changed");
        }
        var o = current.directory();
        var d = n.directory();
        if (!o.url().equals(d.url()) || !o.bindDn().equals(d.bindDn()) || !o.bindPassword().equals(d.bindPassword())
                || o.startTls() != d.startTls() || !o.embedded().equals(d.embedded())) {
            throw restartNeeded(1, "directory", "the directory connection changed");
        }
    }

    private ConfigException restartNeeded(int line, String key, String problem) {
        return new ConfigException(file, line, key, problem + "; a running daemon cannot apply that",
                "the directory and store sections of the running conf, or a restart of the daemon to load this file");
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
