/**
 * JMH microbenchmarks of the starter's hot path: encoding an event, and queueing it for
 * every client.
 */
package io.github.ssebroadcast.benchmarks.jmh;
