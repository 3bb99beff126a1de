package io.sokoni.platform.payment.mpesa;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * M-Pesa (Daraja) settings.
 * @param publicBaseUrl       the base of the callback URLs Daraja is given (HTTPS in production; blank: this instance on loopback)
 * @param sandboxBaseUrl      Daraja's sandbox (or the stand-in's URL in development and demos)
 * @param productionBaseUrl   Daraja's production; never the stand-in (checked at start)
 * @param connectTimeout      connecting to Daraja
 * @param requestTimeout      waiting for one Daraja answer
 * @param confirmByQuery      confirm a success callback by an STK Push Query before the order is paid
 * @param callbackIps         Safaricom's callback addresses (blank: no list)
 * @param callbackIpMode      log (record whether the sender was on the list) or enforce (apply nothing from others)
 * @param maxPushes           pushes per order within {@code pushWindow} at most
 * @param pushWindow          the window of that limit
 * @param recordedGrace       how long an attempt whose push got no answer stays open before it is failed
 * @param reconcileAfter      how long after a push without a result the reconciler first queries it
 * @param reconcileInterval   how often the reconciler looks for due attempts
 * @param reconcileEnabled    whether this instance runs the reconciler
 * @param reconcileBatch      attempts per database read at once (the run goes on while batches come back full)
 * @param reconcileConcurrency attempts queried at once
 * @param backoffMax          longest wait between two queries of one attempt
 * @param callbackRetention   raw callbacks older than this are deleted
 * @param pruneInterval       how often they are looked for
 * @param retiredTokenGrace   how long a rotated callback token is still accepted
 */
@ConfigurationProperties("sokoni.mpesa")
public record MpesaProperties(@DefaultValue("") String publicBaseUrl,
		@DefaultValue("https://sandbox.safaricom.co.ke") String sandboxBaseUrl,
		@DefaultValue("https://api.safaricom.co.ke") String productionBaseUrl,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("20s") Duration requestTimeout,
		@DefaultValue("true") boolean confirmByQuery, @DefaultValue("") List<String> callbackIps,
		@DefaultValue("log") String callbackIpMode, @DefaultValue("3") int maxPushes,
		@DefaultValue("10m") Duration pushWindow, @DefaultValue("90s") Duration recordedGrace,
		@DefaultValue("45s") Duration reconcileAfter, @DefaultValue("5s") Duration reconcileInterval,
		@DefaultValue("true") boolean reconcileEnabled, @DefaultValue("200") int reconcileBatch,
		@DefaultValue("8") int reconcileConcurrency,
		@DefaultValue("10m") Duration backoffMax, @DefaultValue("90d") Duration callbackRetention,
		@DefaultValue("1h") Duration pruneInterval, @DefaultValue("7d") Duration retiredTokenGrace) {

	public MpesaProperties {
		if (!callbackIpMode.equals("log") && !callbackIpMode.equals("enforce")) {
			throw new IllegalArgumentException("sokoni.mpesa.callback-ip-mode must be log or enforce");
		}
		if (reconcileBatch < 1 || reconcileConcurrency < 1) {
			throw new IllegalArgumentException("sokoni.mpesa.reconcile-batch and -concurrency must be at least 1");
		}
		if (maxPushes < 1) {
			throw new IllegalArgumentException("sokoni.mpesa.max-pushes must be at least 1");
		}
		callbackIps = callbackIps.stream().map(String::strip).filter(ip -> !ip.isEmpty()).toList();
		publicBaseUrl = stripSlash(publicBaseUrl);
		sandboxBaseUrl = stripSlash(sandboxBaseUrl);
		productionBaseUrl = stripSlash(productionBaseUrl);
	}

	public boolean enforceCallbackIps() {
		return callbackIpMode.equals("enforce") && !callbackIps.isEmpty();
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
