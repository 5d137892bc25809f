/**
 * Server-Sent Events streams over Spring MVC's {@code SseEmitter}, with safe encoding and
 * proxy-friendly headers, for broadcast clients and per-connection controllers alike.
 */
@NullMarked
package io.github.ssebroadcast.stream;

import org.jspecify.annotations.NullMarked;
