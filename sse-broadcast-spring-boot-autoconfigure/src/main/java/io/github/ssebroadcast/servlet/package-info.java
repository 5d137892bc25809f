/**
 * The transport over Spring MVC and the servlet container: {@code SseStream}, an
 * {@code SseEmitter} that writes through non-blocking output, for broadcast clients and
 * per-connection controllers alike, with every container workaround it needs.
 */
@NullMarked
package io.github.ssebroadcast.servlet;

import org.jspecify.annotations.NullMarked;
