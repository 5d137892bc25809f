package io.github.ssebroadcast.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that start a real {@code redis-server}. Without it they are skipped with a
 * message on the console, or fail when the {@code CI} environment variable is {@code true},
 * so that a build server never passes them silently.
 *
 * @see RedisServer
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RedisServer.Condition.class)
@interface RequiresRedisServer {

}
