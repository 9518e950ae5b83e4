package io.groupbridge.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The run-lock port in memory: one holder per name until its lease closes (issue 11, point 6). */
final class InMemoryRunLock implements RunLock {

    private final Map<String, Holder> held = new HashMap<>();
    private final Clock clock;

    InMemoryRunLock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Lease acquire(String name, String purpose) throws LockHeldException {
        Holder current = held.get(name);
        if (current != null) {
            throw new LockHeldException(purpose, current);
        }
        held.put(name, new Holder(name, "this test", clock.instant(), clock.instant().plus(Duration.ofMinutes(5))));
        return new Lease() {
            @Override
            public void verify() {
            }

            @Override
            public void close() {
                synchronized (InMemoryRunLock.this) {
                    held.remove(name);
                }
            }
        };
    }

    @Override
    public synchronized Optional<Holder> holder(String name) {
        return Optional.ofNullable(held.get(name));
    }
}
