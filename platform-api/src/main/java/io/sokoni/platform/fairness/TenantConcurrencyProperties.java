package io.sokoni.platform.fairness;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many storefront and admin requests of one tenant an instance works on at once (README "Per-tenant
 * fairness"). One tenant's flood then holds at most that many of the instance's database connections and
 * request slots, whatever its request rate; the others' requests never queue behind more than that.
 *
 * @param enabled    off: no per-tenant limit
 * @param limit      requests of one tenant in progress at once; 0 = half the shared runtime pool, at least 2
 * @param maxWait    how long a request over the limit waits for a slot before 503 tenant-busy (waiting
 *                   slows the flooding client down; it does not take CPU)
 * @param retryAfter the Retry-After of that 503
 * @param floodLimit slots left to a flooding tenant (requests of it waiting) while another tenant is served
 *                   calmly (README "Per-tenant fairness"); the limit or more: no giving way
 * @param calmWindow how recently a calm tenant must have been served for a flooding one to give way
 * @param floodShare the share of the time a flooding tenant's slots work while it gives way: each request
 *                   of it is followed by a rest of its own length × (1 − share) / share; 1: no rest
 */
@ConfigurationProperties("sokoni.tenant-concurrency")
@Validated
public record TenantConcurrencyProperties(@DefaultValue("true") boolean enabled, @DefaultValue("0") @Min(0) int limit,
		@DefaultValue("2s") Duration maxWait, @DefaultValue("1s") Duration retryAfter,
		@DefaultValue("1") @Min(1) int floodLimit, @DefaultValue("1s") Duration calmWindow,
		@DefaultValue("0.5") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double floodShare) {
}
