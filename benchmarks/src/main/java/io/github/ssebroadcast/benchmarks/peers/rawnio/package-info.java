/**
 * The limit proxy: a raw NIO server that writes each pre-encoded event to every socket
 * from one thread.
 */
package io.github.ssebroadcast.benchmarks.peers.rawnio;
