package io.sokoni.platform.payment.mpesa;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How stored mobile-money callbacks are applied.
 * @param appliers      threads applying callbacks from the queue (each mostly waits for PostgreSQL or Daraja)
 * @param queueSize     the bodies of the callbacks waiting in memory at most (characters); beyond it a
 *                      callback waits for the sweep
 * @param answerWait    how long a callback's answer may wait for its applying when applying keeps up
 * @param answerBacklog applying is behind when a callback waited this long in the queue: answers then go
 *                      out as soon as the body is stored
 * @param sweepAfter    a stored callback not applied by then is applied by the sweep
 * @param sweepInterval how often the sweep looks
 * @param sweepLease    how long a swept callback is left to the instance that claimed it
 */
@ConfigurationProperties("sokoni.mpesa.callbacks")
public record CallbackProperties(@DefaultValue("4") int appliers, @DefaultValue("16MB") DataSize queueSize,
		@DefaultValue("2s") Duration answerWait, @DefaultValue("50ms") Duration answerBacklog,
		@DefaultValue("30s") Duration sweepAfter, @DefaultValue("15s") Duration sweepInterval,
		@DefaultValue("5m") Duration sweepLease) {

	public CallbackProperties {
		if (appliers < 1 || queueSize.toBytes() < 1) {
			throw new IllegalArgumentException("sokoni.mpesa.callbacks.appliers and .queue-size must be at least 1");
		}
	}

}
