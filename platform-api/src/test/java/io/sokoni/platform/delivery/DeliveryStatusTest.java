package io.sokoni.platform.delivery;

import static io.sokoni.platform.delivery.DeliveryStatus.ACCEPTED;
import static io.sokoni.platform.delivery.DeliveryStatus.DELIVERED;
import static io.sokoni.platform.delivery.DeliveryStatus.FAILED;
import static io.sokoni.platform.delivery.DeliveryStatus.IN_TRANSIT;
import static io.sokoni.platform.delivery.DeliveryStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DeliveryStatusTest {

	@Test
	void onlyTheDocumentedStepsAreLegal() {
		List<String> legal = new ArrayList<>();
		for (DeliveryStatus from : DeliveryStatus.values()) {
			for (DeliveryStatus to : DeliveryStatus.values()) {
				if (from.canBecome(to)) {
					legal.add(from.value() + "->" + to.value());
				}
			}
		}
		assertThat(legal).containsExactlyInAnyOrder("pending->accepted", "accepted->in_transit",
				"in_transit->delivered", "pending->failed", "accepted->failed", "in_transit->failed");
	}

	@Test
	void finishedDeliveriesGoNowhere() {
		for (DeliveryStatus to : DeliveryStatus.values()) {
			assertThat(DELIVERED.canBecome(to)).isFalse();
			assertThat(FAILED.canBecome(to)).isFalse();
		}
		assertThat(PENDING.canBecome(IN_TRANSIT)).as("a delivery is accepted before it travels").isFalse();
		assertThat(ACCEPTED.canBecome(ACCEPTED)).isFalse();
	}

	@Test
	void valuesMatchTheSchema() {
		assertThat(DeliveryStatus.of("in_transit")).isEqualTo(IN_TRANSIT);
		assertThat(IN_TRANSIT.value()).isEqualTo("in_transit");
	}

}
