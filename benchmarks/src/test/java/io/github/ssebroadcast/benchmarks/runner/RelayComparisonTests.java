package io.github.ssebroadcast.benchmarks.runner;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.ssebroadcast.benchmarks.runner.RelayComparison.Rate;
import io.github.ssebroadcast.benchmarks.runner.RelayComparison.Setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RelayComparisonTests {

	private static final CpuMeter.Use CPU = new CpuMeter.Use(List.of(0.5), 0.2, 0.8, 5);

	@Test
	void comparesTwoInstancesWithOneAtEachRateAndAtThePeak() {
		RelayComparison relay = new RelayComparison(2000, setup(1, 1_000_000, rate(50, 8.0, 0), rate(250, 9.0, 0)),
				setup(2, 1_200_000, rate(50, 10.5, 0), rate(250, 12.0, 0)));
		assertThat(relay.addedP50Millis(0)).isEqualTo(2.5);
		assertThat(relay.addedP50Millis(1)).isEqualTo(3.0);
		assertThat(relay.mostAddedP50Millis()).isEqualTo(3.0);
		assertThat(relay.peakRatio()).isEqualTo(1.2);
		assertThat(relay.meetsLatencyGoal()).isTrue();
		assertThat(relay.meetsPeakGoal()).isTrue();
	}

	@Test
	void missesTheLatencyGoalWhenTheRelayAddsFiveMillisecondsAtAnyRate() {
		RelayComparison relay = new RelayComparison(2000, setup(1, 1_000_000, rate(50, 8.0, 0), rate(250, 9.0, 0)),
				setup(2, 1_000_000, rate(50, 9.0, 0), rate(250, 14.0, 0)));
		assertThat(relay.mostAddedP50Millis()).isEqualTo(5.0);
		assertThat(relay.meetsLatencyGoal()).isFalse();
		assertThat(relay.meetsPeakGoal()).isTrue();
	}

	@Test
	void missesTheLatencyGoalWhenEitherSetupLostDeliveries() {
		Setup one = setup(1, 1_000_000, rate(50, 8.0, 0));
		Setup lossy = setup(2, 1_000_000, rate(50, 8.5, 3));
		assertThat(new RelayComparison(2000, one, lossy).meetsLatencyGoal()).isFalse();
		assertThat(new RelayComparison(2000, lossy, one).meetsLatencyGoal()).isFalse();
	}

	@Test
	void missesThePeakGoalWhenTwoInstancesDeliverLessThanOne() {
		RelayComparison relay = new RelayComparison(2000, setup(1, 1_000_000, rate(50, 8.0, 0)),
				setup(2, 600_000, rate(50, 8.0, 0)));
		assertThat(relay.peakRatio()).isEqualTo(0.6);
		assertThat(relay.meetsPeakGoal()).isFalse();
	}

	@Test
	void hasNoRatioWhenOneInstancePassedNoStepAndNoAddedLatencyWithoutOne() {
		RelayComparison relay = new RelayComparison(2000, setup(1, 0, rate(50, Double.NaN, 0)),
				setup(2, 500_000, rate(50, 8.0, 0)));
		assertThat(relay.peakRatio()).isNaN();
		assertThat(relay.meetsPeakGoal()).isFalse();
		assertThat(relay.mostAddedP50Millis()).isNaN();
		assertThat(relay.meetsLatencyGoal()).isFalse();
	}

	@Test
	void needsBothSetupsMeasuredAtTheSameRates() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayComparison(2000,
				setup(1, 1_000_000, rate(50, 8.0, 0)), setup(2, 1_000_000, rate(50, 8.0, 0), rate(250, 9.0, 0))));
	}

	private static Setup setup(int instances, double peak, Rate... rates) {
		return new Setup((instances == 1) ? "one instance" : "two instances over Redis", instances, List.of(rates),
				peak, List.of());
	}

	private static Rate rate(double eventsPerSecond, double p50Millis, long lost) {
		return new Rate(eventsPerSecond, eventsPerSecond * 2000, p50Millis, p50Millis * 2, lost, CPU);
	}

}
