/**
 * Benchmarks of the SSE broadcast starter against the servers users pick instead.
 */
package io.github.ssebroadcast.benchmarks;
