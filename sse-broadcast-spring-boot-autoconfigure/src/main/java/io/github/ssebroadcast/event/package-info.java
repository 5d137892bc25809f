/**
 * Server-Sent Events wire format: validated events and their encoding to bytes.
 */
@NullMarked
package io.github.ssebroadcast.event;

import org.jspecify.annotations.NullMarked;
