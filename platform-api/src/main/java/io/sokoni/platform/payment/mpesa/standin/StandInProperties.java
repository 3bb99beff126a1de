package io.sokoni.platform.payment.mpesa.standin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Daraja stand-in's behaviour.
 * @param enabled        serve it (never in production: off unless set, or SOKONI_DEMO)
 * @param callbackDelay  how long after a push its callback is sent (0: at once); the STK query says
 *                       "still processing" until then
 * @param jitter         a random extra delay up to this, per delivery (callbacks then arrive out of order)
 * @param duplicates     extra copies of every callback
 * @param lossRate       share of callbacks never sent (0 to 1)
 * @param hang           how long a push to the "hangs" number waits before answering
 */
@ConfigurationProperties("sokoni.mpesa.standin")
public record StandInProperties(@DefaultValue("false") boolean enabled, @DefaultValue("3s") Duration callbackDelay,
		@DefaultValue("0s") Duration jitter, @DefaultValue("0") int duplicates, @DefaultValue("0") double lossRate,
		@DefaultValue("60s") Duration hang) {

	public StandInProperties {
		if (lossRate < 0 || lossRate > 1) {
			throw new IllegalArgumentException("sokoni.mpesa.standin.loss-rate must be between 0 and 1");
		}
		if (duplicates < 0) {
			throw new IllegalArgumentException("sokoni.mpesa.standin.duplicates must not be negative");
		}
	}

}
