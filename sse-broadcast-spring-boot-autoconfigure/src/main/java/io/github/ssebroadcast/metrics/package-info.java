/**
 * Micrometer integration: meters of the broadcaster's clients and events.
 */
@NullMarked
package io.github.ssebroadcast.metrics;

import org.jspecify.annotations.NullMarked;
