package io.dorastream.gateway;

import io.dorastream.api.problem.HttpRefusals;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts the gateway; malformed request targets are refused with a problem ({@link HttpRefusals}). */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        HttpRefusals.takeOverUriCheck();
        Quarkus.run(args);
    }
}
