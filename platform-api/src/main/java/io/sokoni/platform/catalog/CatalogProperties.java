package io.sokoni.platform.catalog;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Catalog settings. The body size limit of imports, {@code sokoni.catalog.import-max-body-size}, is read
 * by the web layer's request size filter, which runs before any feature code.
 *
 * @param importWorkers imports processed at the same time (each holds up to two database connections)
 * @param importQueueCapacity imports waiting for a worker before new ones are refused with 429
 * @param importMaxConcurrent imports being read, waiting or running at once in an instance (each holds its
 * rows in memory until done); more are refused with 429 before their body is read
 */
@ConfigurationProperties("sokoni.catalog")
@Validated
public record CatalogProperties(@DefaultValue("2") @Min(1) int importWorkers,
		@DefaultValue("8") @Min(0) int importQueueCapacity, @DefaultValue("4") @Min(1) int importMaxConcurrent) {
}
