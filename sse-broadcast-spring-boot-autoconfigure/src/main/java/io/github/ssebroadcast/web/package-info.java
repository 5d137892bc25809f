/**
 * Web endpoints: the broadcast event stream, the JSON broadcast API and their error handling.
 */
package io.github.ssebroadcast.web;
