/**
 * An in-process imitation of Datadog's DORA metrics API for tests, demos and local runs.
 *
 * <p>{@link io.dorastream.devstack.simulator.DatadogSimulator} serves Datadog's endpoints
 * (validation, DORA list/get/send/patch/delete) on a loopback port, over data that is either
 * loaded ({@link io.dorastream.devstack.simulator.Dataset}), generated
 * ({@link io.dorastream.devstack.simulator.DatasetGenerator}) or sent through the write
 * endpoints, and changes over time through the
 * {@link io.dorastream.devstack.simulator.Mutator}. Authentication, rate limits, retention,
 * list-window semantics and injected faults follow {@code docs/simulator.md}.
 */
package io.dorastream.devstack.simulator;
