/**
 * The relay that carries events between an application's instances, over Redis Streams.
 */
@NullMarked
package io.github.ssebroadcast.relay;

import org.jspecify.annotations.NullMarked;
