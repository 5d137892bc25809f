/**
 * Event data serializers over the application's JSON mapper: Jackson 3 and Jackson 2.
 */
@NullMarked
package io.github.ssebroadcast.json;

import org.jspecify.annotations.NullMarked;
