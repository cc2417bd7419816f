package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

/** Writes a deployment's verdict attributes: {@code change_failure}, {@code remediation}, {@code recovery_time_sec}. */
final class Verdicts {

    static final String ROLLBACK = "rollback";
    static final String ROLLFORWARD = "rollforward";

    private Verdicts() {
    }

    /** Not evaluated yet: {@code change_failure} null, no remediation. */
    static void markPending(ObjectNode attributes) {
        attributes.putNull("change_failure");
        attributes.remove("remediation");
        attributes.remove("recovery_time_sec");
    }

    /** Stable: {@code change_failure} false, no remediation. */
    static void markStable(ObjectNode attributes) {
        attributes.put("change_failure", false);
        attributes.remove("remediation");
        attributes.remove("recovery_time_sec");
    }

    /**
     * Failed, optionally remediated.
     *
     * @param remediation         {@code {id | version, type}}, or {@code null} when not remediated yet
     * @param finished            the failed deployment's {@code finished_at}
     * @param remediationFinished the remediating deployment's {@code finished_at}, or {@code null} when unknown;
     *                            {@code recovery_time_sec} is their difference in whole seconds
     */
    static void markFailed(ObjectNode attributes, ObjectNode remediation, Instant finished, Instant remediationFinished) {
        attributes.put("change_failure", true);
        attributes.remove("recovery_time_sec");
        if (remediation == null) {
            attributes.remove("remediation");
            return;
        }
        attributes.set("remediation", remediation);
        if (finished != null && remediationFinished != null && !remediationFinished.isBefore(finished)) {
            attributes.put("recovery_time_sec", Duration.between(finished, remediationFinished).toSeconds());
        }
    }

    static ObjectNode remediation(String id, String type) {
        return Json.object().put("id", id).put("type", type);
    }
}
