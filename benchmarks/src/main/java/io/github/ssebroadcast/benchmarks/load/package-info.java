/**
 * A load generator written for Server-Sent Events: many non-blocking streams, HTTP/1.1 and
 * SSE parsing, an open-loop publisher, and per-event latency, loss, duplicate and order
 * accounting.
 */
package io.github.ssebroadcast.benchmarks.load;
