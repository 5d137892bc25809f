/**
 * Auto-configuration and configuration properties for Server-Sent Events broadcasting.
 */
package io.github.ssebroadcast.autoconfigure;
