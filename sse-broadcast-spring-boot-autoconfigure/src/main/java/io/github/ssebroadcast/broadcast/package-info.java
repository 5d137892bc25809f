/**
 * The broadcaster core: server-wide fan-out of events to every connected client, each with
 * a bounded queue and a writer of its own.
 */
@NullMarked
package io.github.ssebroadcast.broadcast;

import org.jspecify.annotations.NullMarked;
