package io.sokoni.platform.delivery;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Money;
import io.sokoni.platform.delivery.DeliveryZoneRepository.PricingZone;
import io.sokoni.platform.store.Store;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Delivery fee and ETA of a store for a city area. */
@Service
public class DeliveryPricing {

	private final DeliveryZoneRepository zones;

	private final StoreService stores;

	DeliveryPricing(DeliveryZoneRepository zones, StoreService stores) {
		this.zones = zones;
		this.stores = stores;
	}

	/**
	 * The quote for delivering {@code subtotalCents} worth of goods to {@code cityArea} (matched case- and
	 * space-insensitively): the active zone listing the area, else the store's active default zone.
	 * 422 {@code AREA_NOT_SERVED} when neither exists; 422 {@code BELOW_MINIMUM_ORDER} when the subtotal
	 * is under the zone's minimum. Joins the caller's transaction.
	 */
	@Transactional(readOnly = true)
	public DeliveryQuote quote(UUID storeId, String cityArea, long subtotalCents) {
		if (cityArea == null || cityArea.isBlank()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "Give the city area to deliver to");
		}
		if (subtotalCents < 0) {
			throw new IllegalArgumentException("subtotalCents must not be negative: " + subtotalCents);
		}
		String area = CityAreas.tidy(cityArea);
		// One statement on the checkout path: the listed zone or, failing that, the default zone.
		PricingZone zone = zones.pricingZone(storeId, CityAreas.key(area))
			.orElseThrow(() -> new ApiException(ProblemType.AREA_NOT_SERVED,
					"No delivery zone of this store serves " + area, Map.of("cityArea", area)));
		if (subtotalCents < zone.minOrderCents()) {
			throw belowMinimum(storeId, area, zone, subtotalCents);
		}
		boolean free = zone.freeDeliveryThresholdCents() != null && subtotalCents >= zone.freeDeliveryThresholdCents();
		String rule = zone.listed() ? (free ? "free_over_threshold" : "zone_fee")
				: (free ? "default_zone_free_over_threshold" : "default_zone_fee");
		return new DeliveryQuote(zone.id(), zone.name(), zone.listed() ? CityAreas.tidy(zone.areaName()) : area,
				free ? 0 : zone.feeCents(), zone.etaMinutes(), rule, zone.minOrderCents(),
				zone.freeDeliveryThresholdCents());
	}

	private ApiException belowMinimum(UUID storeId, String area, PricingZone zone, long subtotalCents) {
		// Off the hot path: the store's currency is read only to word the answer.
		String currency = stores.find(storeId).map(Store::currency).orElse("");
		return new ApiException(ProblemType.BELOW_MINIMUM_ORDER,
				"The minimum order for delivery to " + area + " is " + Money.format(zone.minOrderCents(), currency)
						+ "; this order comes to " + Money.format(subtotalCents, currency),
				Map.of("minOrderCents", zone.minOrderCents(), "subtotalCents", subtotalCents, "shortfallCents",
						zone.minOrderCents() - subtotalCents));
	}

}
