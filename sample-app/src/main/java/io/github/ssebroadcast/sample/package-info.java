/**
 * Sample application showing the SSE broadcast starter as a user would use it.
 */
package io.github.ssebroadcast.sample;
