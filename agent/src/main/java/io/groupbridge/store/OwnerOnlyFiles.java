package io.groupbridge.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders and files that only the agent's OS user may read: the store's files and its credentials are the whole of
 * the store's protection against other local users. On a file system without POSIX permissions nothing is changed,
 * and {@link #supported()} says so.
 */
final class OwnerOnlyFiles {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyFiles() {
    }

    static boolean supported() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The attributes that create a file readable by its owner only, or none where permissions are not POSIX. */
    static FileAttribute<?>[] fileAttributes() {
        return supported() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    /**
     * Creates {@code folder} (and missing parents) as {@code rwx------}, or takes group and others' access away from
     * an existing one, logging the change once: after it there is nothing left to change.
     */
    static void folder(Path folder) throws IOException {
        if (!supported()) {
            Files.createDirectories(folder);
            return;
        }
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            // The umask may have taken bits away, never added any; set them outright anyway.
            Files.setPosixFilePermissions(folder, FOLDER);
            return;
        }
        restrict(folder, "folder");
    }

    /** Takes group and others' access away from an existing file or folder, logging when it had any. */
    static void restrict(Path path, String what) throws IOException {
        if (!supported()) {
            return;
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        if (current.stream().noneMatch(GROUP_OR_OTHERS::contains)) {
            return;
        }
        Set<PosixFilePermission> owner = EnumSet.copyOf(current);
        owner.removeAll(GROUP_OR_OTHERS);
        Files.setPosixFilePermissions(path, owner);
        LOG.info("{} {} was {}; made it {} so that other local users cannot read the group store", what, path,
                PosixFilePermissions.toString(current), PosixFilePermissions.toString(owner));
    }
}
