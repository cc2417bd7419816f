package io.dorastream.connector;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.dorastream.devstack.testing.RecentSpans;

/** The tests' span exporter (tracing is on in the test profile): the last 20,000 spans in memory. */
public class TestSpans {

    @Produces
    @Singleton
    RecentSpans recentSpans() {
        return new RecentSpans(20_000);
    }
}
