/**
 * Server-Sent Events wire format: validated events and their encoding to bytes.
 */
package io.github.ssebroadcast.event;
