/**
 * The starter on Jetty rather than Tomcat, which the runner measures when asked to.
 */
package io.github.ssebroadcast.benchmarks.jetty;
