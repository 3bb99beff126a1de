package io.sokoni.platform.web;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of anonymous storefront traffic, in requests per minute (a bucket of that many, refilled evenly
 * over the minute). Writes are every method but GET and HEAD (carts, items, quotes, abandonment
 * reasons, checkout). Generous for shoppers: one mobile carrier's NAT puts many behind one address.
 *
 * @param enabled off for benchmarks that drive one store from one address
 * @param clientReads reads of one client address (IPv6: its /64), all stores together
 * @param clientWrites writes of one client address
 * @param storeReads reads of one store, all clients together (its share of the instance)
 * @param storeWrites writes of one store
 * @param trackedKeys addresses and stores whose buckets are remembered at most (least recently used go)
 */
@ConfigurationProperties("sokoni.rate-limit")
@Validated
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1200") @Min(1) long clientReads,
		@DefaultValue("300") @Min(1) long clientWrites, @DefaultValue("60000") @Min(1) long storeReads,
		@DefaultValue("12000") @Min(1) long storeWrites, @DefaultValue("100000") @Min(1) long trackedKeys) {
}
