/**
 * The broadcaster core, free of any server: clients with queues bounded in events and bytes,
 * overflow policies, keep-alives and write deadlines, over a small transport interface.
 */
@NullMarked
package io.github.ssebroadcast.broadcast;

import org.jspecify.annotations.NullMarked;
