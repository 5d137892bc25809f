/**
 * OpenAPI description of the SSE endpoints, contributed to the document springdoc generates.
 */
@NullMarked
package io.github.ssebroadcast.openapi;

import org.jspecify.annotations.NullMarked;
