package io.github.ssebroadcast.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page in a real headless Chromium against two instances of the sample with the
 * relay over a real Redis, as {@code run-relay.sh} starts them: the page names its instance,
 * shows what is sent on the other one, and resumes there after the last event it received.
 */
@RequiresRedisServer
@RequiresChromium
class DemoPageRelayBrowserTests {

	@RegisterExtension
	static final RelayedInstances instances = new RelayedInstances();

	@RegisterExtension
	static final Chromium chromium = new Chromium();

	@Test
	void namesTheInstanceItIsConnectedToAndItsRelay() {
		DemoPage onA = new DemoPage(chromium, instances.portA()).open();
		String text = onA.awaitInstance("sse-broadcast-sample:" + instances.portA());
		assertThat(text).contains("Relayed to every instance over Redis");
		chromium.waiting()
			.until(ExpectedConditions.textToBe(By.id("client-count-label"), "Clients of this instance"));
		chromium.screenshot("demo-relay-instance");

		DemoPage onB = new DemoPage(chromium, instances.portB()).open();
		onB.awaitInstance(RelayedInstances.B_NAME + " (port " + instances.portB() + ")");
	}

	@Test
	void showsWhatIsSentOnEitherInstanceAndResumesOnTheOther() throws Exception {
		try (SseTestClient onB = SseTestClient.connect(instances.b().uri("/sse/broadcast"))) {
			onB.next("connected");
			DemoPage pageOnA = new DemoPage(chromium, instances.portA(), instances.portB()).open();
			pageOnA.connect();

			pageOnA.sendMessage("", "sent on A");
			pageOnA.awaitSent(" of this instance, and relayed to the others.");
			assertThat(onB.next("message").data()).isEqualTo("{\"text\":\"sent on A\"}");
			// published to B, as another publisher would
			pageOnA.publish(null, "sent on B");
			pageOnA.waitForLogEntry("message", "sent on B");
			assertThat(onB.next("message").data()).isEqualTo("sent on B");
			String lastId = pageOnA.messageIds().get(0);
			assertThat(lastId).matches("\\d+-\\d+");

			pageOnA.disconnect();
			pageOnA.publish(null, "missed 1");
			pageOnA.publish(null, "missed 2");
			// B has read both by the time its client has them
			assertThat(onB.next("message").data()).isEqualTo("missed 1");
			assertThat(onB.next("message").data()).isEqualTo("missed 2");

			DemoPage pageOnB = new DemoPage(chromium, instances.portB()).open("/?lastEventId=" + lastId);
			assertThat(pageOnB.connectButton()).isEqualTo("Reconnect");
			pageOnB.connect();
			pageOnB.awaitNotice("Replayed 2 missed events");
			pageOnB.waitForLogEntry("message", "missed 2");
			assertThat(pageOnB.messages()).containsExactly("missed 2", "missed 1");
			assertThat(pageOnB.messageIds()).allMatch((id) -> id.matches("\\d+-\\d+"));
			chromium.screenshot("demo-relay-resumed-on-b");
		}
	}

}
