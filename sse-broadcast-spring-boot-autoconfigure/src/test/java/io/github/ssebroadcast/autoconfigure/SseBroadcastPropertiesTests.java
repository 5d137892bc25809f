package io.github.ssebroadcast.autoconfigure;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.web.SseBroadcastApiController;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties' defaults are the broadcaster's own, and the JSON API's.
 */
class SseBroadcastPropertiesTests {

	@Test
	void defaultValuesAreConsistent() {
		SseBroadcastProperties properties = new SseBroadcastProperties();
		DefaultSseBroadcaster.Builder builder = DefaultSseBroadcaster.builder();
		assertThat(properties.getTimeout()).isNull();
		assertThat(builder).extracting("writeTimeout").isEqualTo(properties.getWriteTimeout());
		assertThat(builder).extracting("reconnectTime").isEqualTo(properties.getReconnectTime());
		assertThat(builder).extracting("keepAlive").isEqualTo(properties.getKeepAlive());
		assertThat(builder).extracting("maxClients").isEqualTo(properties.getMaxClients());
		assertThat(builder).extracting("clientQueueCapacity").isEqualTo(properties.getClientQueueCapacity());
		assertThat(builder).extracting("clientQueueMaxBytes").isEqualTo(properties.getClientQueueMaxBytes().toBytes());
		assertThat(builder).extracting("overflowPolicy").isEqualTo(properties.getOverflowPolicy());
		assertThat(builder).extracting("connectedEvent").isEqualTo(properties.isConnectedEvent());
		assertThat(builder).extracting("writerThreads").isEqualTo(properties.getWriterThreads());
		assertThat(properties.getApi().getMaxBatchEvents()).isEqualTo(SseBroadcastApiController.DEFAULT_MAX_BATCH_EVENTS);
	}

}
