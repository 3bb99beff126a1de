package io.sokoni.platform.insight;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Merchant insight settings ({@code sokoni.insight.*}).
 *
 * @param timeZone the calendar of the daily figures (Kenyan merchants: Africa/Nairobi, no DST)
 * @param maxBatch events per storefront request at most
 * @param maxQueuedEvents events waiting for the intake writers at most; beyond, requests get 429
 * @param writerBatch events one writer stores per round at most
 * @param writerThreads intake writer threads
 * @param sessionEventsPerMinute events one storefront session may send per minute
 * @param addressEventsPerMinute events one client address (IPv6: its /64) may send per minute
 * @param trackedKeys sessions and addresses whose buckets are remembered at most
 * @param refreshInterval how often dirty tenants' aggregates (and their cards) are refreshed
 * @param refreshBatch tenants refreshed per database per round at most
 * @param partitionsAhead months of event partitions created ahead
 * @param retentionMonths months of events kept (whole months; older partitions are dropped)
 * @param cards thresholds of the card rules
 * @param checkoutYield how long an event batch (before it is read) and an intake writer (before each
 *                      insert) wait for the checkouts running in the instance to end; zero: no waiting
 * @param intakeConcurrency event batches read and checked at once per instance (the others wait their turn)
 */
@ConfigurationProperties("sokoni.insight")
@Validated
public record InsightProperties(@DefaultValue("Africa/Nairobi") @NotNull ZoneId timeZone,
		@DefaultValue("50") @Min(1) @Max(500) int maxBatch, @DefaultValue("50000") @Min(1) int maxQueuedEvents,
		@DefaultValue("2000") @Min(1) @Max(2000) int writerBatch, @DefaultValue("2") @Min(1) @Max(16) int writerThreads,
		@DefaultValue("300") @Min(1) long sessionEventsPerMinute, @DefaultValue("1200") @Min(1) long addressEventsPerMinute,
		@DefaultValue("100000") @Min(1) long trackedKeys, @DefaultValue("1m") @NotNull Duration refreshInterval,
		@DefaultValue("200") @Min(1) int refreshBatch, @DefaultValue("3") @Min(1) @Max(24) int partitionsAhead,
		@DefaultValue("13") @Min(1) @Max(120) int retentionMonths, @DefaultValue @NotNull Cards cards,
		@DefaultValue("20ms") @NotNull Duration checkoutYield, @DefaultValue("2") @Min(1) int intakeConcurrency) {

	/**
	 * Card rule thresholds.
	 *
	 * @param areaMinAbandonments abandoned carts after a fee quote (or for delivery cost) an area needs
	 * @param areaFeeShare share of an area's abandonments that followed a fee quote to fire
	 * @param productMinViews views (30 days) a product needs before its conversion is judged
	 * @param productMaxConversion orders per view below which it is "rarely bought"
	 * @param paymentMinStarted payments started in the last 7 days needed to judge their failure rate
	 * @param paymentNormalFailureRate the normal failure rate when the store has too little history
	 * @param searchMinEmpty searches of one query (7 days) that found nothing, to report it
	 */
	public record Cards(@DefaultValue("5") @Min(1) int areaMinAbandonments,
			@DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double areaFeeShare,
			@DefaultValue("100") @Min(1) int productMinViews,
			@DefaultValue("0.01") @DecimalMin("0") @DecimalMax("1") double productMaxConversion,
			@DefaultValue("10") @Min(1) int paymentMinStarted,
			@DefaultValue("0.1") @DecimalMin("0") @DecimalMax("1") double paymentNormalFailureRate,
			@DefaultValue("5") @Min(1) int searchMinEmpty) {
	}

}
