package io.groupbridge.sync;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The directory-writer port in memory: records every operation sent, in order, and fails the ones a test queued a
 * failure for. A DN is anything with an {@code =}; its normalized form is the lower-cased text without spaces around
 * commas, which is enough for tests that spell one DN two ways.
 */
final class RecordingWriter implements MembershipWriter {

    /** Every operation sent, in order. */
    final List<WriteStep> sent = new ArrayList<>();
    /** The failure of each next operation sent; an empty queue lets them all through. */
    final Deque<Optional<WriteBackException>> outcomes = new ArrayDeque<>();
    /** What {@link Session#modify} reports as sent, as a server without permissive modify may. */
    int modifiesPerStep = 1;
    int opened;
    int closed;
    private WriteBackException down;

    /** The directory cannot be reached: {@link #open} fails with this. */
    void down(WriteBackException e) {
        down = e;
    }

    /** The next operation sent fails. */
    void failNext(String message, boolean retryable) {
        outcomes.add(Optional.of(new WriteBackException(message, retryable, null)));
    }

    /** The next operation sent succeeds. */
    void succeedNext() {
        outcomes.add(Optional.empty());
    }

    @Override
    public Session open() throws WriteBackException {
        if (down != null) {
            throw down;
        }
        opened++;
        return new Session() {
            @Override
            public int modify(WriteStep.Modify step) throws WriteBackException {
                send(step);
                return modifiesPerStep;
            }

            @Override
            public DirectoryGroup create(WriteStep.Create step) throws WriteBackException {
                send(step);
                Dn dn = dn(step.dn());
                return new DirectoryGroup("entry-" + step.group().name(), dn, step.group().name(),
                        step.group().description(), step.group().kind(), null, null, false, Channel.SELF_SERVICE,
                        step.group().objectClasses().get(0), step.group().memberAttribute(),
                        step.group().owners().stream().map(RecordingWriter::dn).toList(),
                        step.group().members().stream().map(RecordingWriter::dn).toList());
            }

            @Override
            public void setDescription(WriteStep.SetDescription step) throws WriteBackException {
                send(step);
            }

            @Override
            public String rename(WriteStep.Rename step) throws WriteBackException {
                send(step);
                return "cn=" + step.newName() + step.dn().substring(step.dn().indexOf(','));
            }

            @Override
            public void delete(WriteStep.Delete step) throws WriteBackException {
                send(step);
            }

            @Override
            public void close() {
                closed++;
            }
        };
    }

    private void send(WriteStep step) throws WriteBackException {
        Optional<WriteBackException> outcome = outcomes.isEmpty() ? Optional.empty() : outcomes.poll();
        if (outcome.isPresent()) {
            throw outcome.get();
        }
        sent.add(step);
    }

    @Override
    public String describe(WriteStep step) {
        return step.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + step.dn();
    }

    @Override
    public Optional<String> normalize(String dn) {
        return dn.contains("=") ? Optional.of(dn.toLowerCase(Locale.ROOT).replaceAll("\\s*,\\s*", ","))
                : Optional.empty();
    }

    static Dn dn(String written) {
        return new Dn(written, written.toLowerCase(Locale.ROOT).replaceAll("\\s*,\\s*", ","));
    }
}
