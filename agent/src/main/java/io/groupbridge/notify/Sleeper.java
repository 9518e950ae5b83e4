package io.groupbridge.notify;

import java.time.Duration;

/** Waiting between retries, replaceable so tests neither wait nor depend on real time. */
@FunctionalInterface
interface Sleeper {

    Sleeper THREAD = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
