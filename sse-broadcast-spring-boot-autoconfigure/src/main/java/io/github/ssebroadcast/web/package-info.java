/**
 * Web endpoints: the broadcast event stream, the JSON broadcast API and their error handling.
 */
@NullMarked
package io.github.ssebroadcast.web;

import org.jspecify.annotations.NullMarked;
