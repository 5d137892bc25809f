/**
 * The hand-written peer every tutorial shows: a list of {@code SseEmitter}s and a
 * {@code send()} to each in a loop on the publishing request's thread.
 */
package io.github.ssebroadcast.benchmarks.peers.emitterloop;
