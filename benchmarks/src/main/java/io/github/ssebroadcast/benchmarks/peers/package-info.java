/**
 * The servers the starter is compared with, each with the same {@code GET /sse/broadcast}
 * and {@code POST /api/broadcast} contract, started by the runner as separate processes.
 */
package io.github.ssebroadcast.benchmarks.peers;
