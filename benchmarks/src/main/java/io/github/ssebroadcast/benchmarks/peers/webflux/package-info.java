/**
 * The reactive peer: Spring WebFlux on Reactor Netty with a multicast {@code Sinks.Many}
 * and a bounded buffer per subscriber.
 */
package io.github.ssebroadcast.benchmarks.peers.webflux;
