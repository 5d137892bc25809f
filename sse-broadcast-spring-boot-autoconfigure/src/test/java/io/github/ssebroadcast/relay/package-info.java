/**
 * Tests of the relay between instances over a real Redis.
 */
package io.github.ssebroadcast.relay;
