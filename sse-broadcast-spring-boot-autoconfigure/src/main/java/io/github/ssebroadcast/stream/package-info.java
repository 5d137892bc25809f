/**
 * Server-Sent Events streams over Spring MVC's {@code SseEmitter}, with safe encoding and
 * proxy-friendly headers, for broadcast clients and per-connection controllers alike.
 */
package io.github.ssebroadcast.stream;
