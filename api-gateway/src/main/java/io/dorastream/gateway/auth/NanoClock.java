package io.dorastream.gateway.auth;

import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The monotonic clock ({@link System#nanoTime()}) that ends the blocks of {@link FailedAuthentications}:
 * a bean of its own so that a test can move time forward instead of waiting for a block to end.
 */
@ApplicationScoped
public class NanoClock implements LongSupplier {

    @Override
    public long getAsLong() {
        return System.nanoTime();
    }
}
