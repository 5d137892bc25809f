/**
 * The starter on Tomcat with Tomcat's per-connection buffers at their smallest, which the
 * runner measures when asked to.
 */
package io.github.ssebroadcast.benchmarks.tomcat;
