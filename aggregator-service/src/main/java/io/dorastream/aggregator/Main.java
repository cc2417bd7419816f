package io.dorastream.aggregator;

import io.dorastream.api.problem.HttpRefusals;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts the aggregator; malformed request targets are refused with a problem ({@link HttpRefusals}). */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        HttpRefusals.takeOverUriCheck();
        Quarkus.run(args);
    }
}
