/**
 * The benchmark runner: starts each system as a process, runs the scenarios against it with
 * the load generator, and prints, writes and charts the results.
 */
package io.github.ssebroadcast.benchmarks.runner;
