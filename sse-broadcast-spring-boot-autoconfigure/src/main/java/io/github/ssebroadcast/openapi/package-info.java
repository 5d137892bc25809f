/**
 * OpenAPI description of the SSE endpoints, contributed to the document springdoc generates.
 */
package io.github.ssebroadcast.openapi;
