package io.github.ssebroadcast.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * {@link org.springframework.context.annotation.Conditional @Conditional} that matches
 * unless {@code sse.broadcast.enabled} is {@code false}: every auto-configuration of the
 * starter backs off together.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnBooleanProperty(name = SseBroadcastProperties.PREFIX + ".enabled", matchIfMissing = true)
public @interface ConditionalOnSseBroadcastEnabled {

}
