/**
 * Actuator integration: the broadcaster's health, for the readiness group.
 */
@NullMarked
package io.github.ssebroadcast.actuate;

import org.jspecify.annotations.NullMarked;
