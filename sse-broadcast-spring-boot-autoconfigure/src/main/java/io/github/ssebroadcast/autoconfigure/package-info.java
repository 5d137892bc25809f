/**
 * Auto-configuration and configuration properties for Server-Sent Events broadcasting.
 */
@NullMarked
package io.github.ssebroadcast.autoconfigure;

import org.jspecify.annotations.NullMarked;
