package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The worker's hand-off queue when a burst outgrows it: what does not fit is released to the sweep at
 * once, and the sweep drains a backlog batch after batch (not one batch per interval).
 */
class DeliveryWorkerTest {

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch busy = new CountDownLatch(1);

	private final CountDownLatch bothBusy = new CountDownLatch(2);

	private final DeliveryStore store = mock(DeliveryStore.class);

	private DeliveryWorker worker;

	/** One worker thread that blocks on its first delivery, so the queue's content is known. */
	private DeliveryWorker worker(int capacity, int sweepBatch) {
		WebhookProcessor processor = mock(WebhookProcessor.class);
		doAnswer(invocation -> {
			busy.countDown();
			release.await(10, TimeUnit.SECONDS);
			return null;
		}).when(processor).processAll(any());
		doAnswer(invocation -> {
			busy.countDown();
			bothBusy.countDown();
			release.await(10, TimeUnit.SECONDS);
			return null;
		}).when(processor).process(any());
		@SuppressWarnings("unchecked")
		ObjectProvider<WebhookProcessor> provider = mock(ObjectProvider.class);
		when(provider.getObject()).thenReturn(processor);
		worker = new DeliveryWorker(store, provider, new WebhookProperties("secret", "token", 1, 500,
				Duration.ofSeconds(10), true, 1, 1, capacity, Duration.ofMinutes(2), Duration.ofSeconds(5), sweepBatch, 10,
				Duration.ofDays(30), "https://{host}/checkout?cart={token}"));
		return worker;
	}

	@AfterEach
	void stop() throws InterruptedException {
		release.countDown();
		if (worker != null) {
			worker.stop();
		}
	}

	private static List<StoredDelivery> deliveries(long from, long to) {
		return LongStream.rangeClosed(from, to).mapToObj(id -> new StoredDelivery(id, "{}", "utf8")).toList();
	}

	@Test
	void whatTheQueueHasNoRoomForIsReleasedToTheSweepInOneStatement() throws Exception {
		DeliveryWorker worker = worker(3, 200);
		worker.handOff(deliveries(1, 1));
		assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue(); // the thread holds delivery 1; the queue is empty
		worker.handOff(deliveries(2, 8));
		@SuppressWarnings("unchecked")
		ArgumentCaptor<Collection<Long>> released = ArgumentCaptor.forClass(Collection.class);
		verify(store, times(1)).release(released.capture());
		assertThat(released.getValue()).containsExactly(5L, 6L, 7L, 8L);
	}

	@Test
	void aDeliveryThatFitsIsNotReleased() throws Exception {
		DeliveryWorker worker = worker(10, 200);
		worker.handOff(deliveries(1, 5));
		verify(store, times(0)).release(any());
	}

	@Test
	void theSweepClaimsBatchAfterBatchWhileTheQueueHasRoom() throws Exception {
		DeliveryWorker worker = worker(1000, 100);
		worker.handOff(deliveries(1, 1));
		assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
		List<List<StoredDelivery>> batches = new ArrayList<>();
		for (long b = 0; b < 3; b++) {
			batches.add(deliveries(100 + b * 100, 199 + b * 100)); // three full batches
		}
		batches.add(deliveries(400, 420)); // then what is left
		when(store.claimExpired(anyInt(), any(), anyInt())).thenReturn(batches.get(0), batches.get(1), batches.get(2),
				batches.get(3), List.of());
		worker.sweep();
		verify(store, times(4)).claimExpired(anyInt(), any(), anyInt());
	}

	@Test
	void theSweepStopsWhenTheQueueHasNoRoomForAnotherBatch() throws Exception {
		DeliveryWorker worker = worker(250, 100);
		worker.handOff(deliveries(1, 1));
		assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
		when(store.claimExpired(anyInt(), any(), anyInt())).thenReturn(deliveries(100, 199), deliveries(200, 299),
				deliveries(300, 399));
		worker.sweep();
		// 250 places: two batches fit; the third is not claimed (it would stay leased, out of the queue)
		verify(store, times(2)).claimExpired(anyInt(), any(), anyInt());
	}

	@Test
	void aCatalogOrderIsWorkedOnWhileTheOtherThreadsAreBusy() throws Exception {
		DeliveryWorker worker = worker(10, 200);
		worker.handOff(List.of(new StoredDelivery(1, "{\"statuses\":[]}", "utf8")));
		assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue(); // the one worker thread is held
		worker.handOff(List.of(new StoredDelivery(2, "{\"messages\":[{\"type\":\"order\",\"order\":{}}]}", "utf8")));
		assertThat(bothBusy.await(5, TimeUnit.SECONDS)).as("the order started while the other delivery is held").isTrue();
	}

}
