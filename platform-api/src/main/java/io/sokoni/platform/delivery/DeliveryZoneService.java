package io.sokoni.platform.delivery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.delivery.DeliveryZoneRepository.ZoneFields;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Delivery zones of the bound tenant's stores: which city areas each serves, at what fee and ETA. */
@Service
public class DeliveryZoneService {

	private final DeliveryZoneRepository zones;

	private final StoreService stores;

	private final AuditTrail audit;

	DeliveryZoneService(DeliveryZoneRepository zones, StoreService stores, AuditTrail audit) {
		this.zones = zones;
		this.stores = stores;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public List<DeliveryZone> list(UUID storeId, Boolean active, UUID after, int limit) {
		return zones.list(storeId, active, after, limit);
	}

	@Transactional(readOnly = true)
	public DeliveryZone get(UUID id) {
		return zones.find(id).orElseThrow(() -> ApiException.notFound("Delivery zone"));
	}

	/** A new zone; a store of another tenant is as unknown as one that never existed. */
	@Transactional
	public DeliveryZone create(UUID storeId, ZoneFields fields, List<String> cityAreas) {
		if (stores.find(storeId).isEmpty()) {
			throw ApiException.notFound("Store");
		}
		Map<String, String> areas = areas(cityAreas);
		UUID id = Ids.next();
		zones.insert(id, storeId, fields);
		listAreas(id, storeId, areas);
		audit.record("delivery_zone.created", "delivery_zone", id,
				Map.of("storeId", storeId, "name", fields.name(), "cityAreas", List.copyOf(areas.values())));
		return get(id);
	}

	/** An active, non-default zone (for seeding a store, such as the demo merchant's). */
	@Transactional
	public DeliveryZone create(UUID storeId, String name, long feeCents, long minOrderCents,
			Long freeDeliveryThresholdCents, int etaMinutes, List<String> cityAreas) {
		return create(storeId, new ZoneFields(name, feeCents, minOrderCents, freeDeliveryThresholdCents, etaMinutes,
				false, true), cityAreas);
	}

	/**
	 * Changes the given fields if {@code expectedVersion} is still the zone's version; {@code cityAreas},
	 * when given, replaces the whole list. {@code clearThreshold} removes the free-delivery threshold.
	 */
	@Transactional
	public DeliveryZone update(UUID id, long expectedVersion, ZoneFields changes, List<String> cityAreas,
			boolean clearThreshold) {
		Map<String, String> areas = cityAreas == null ? null : areas(cityAreas);
		UUID storeId = zones.update(id, expectedVersion, changes, clearThreshold)
			.orElseThrow(() -> zones.exists(id) ? ApiException.staleVersion("The delivery zone")
					: ApiException.notFound("Delivery zone"));
		if (areas != null) {
			zones.deleteAreas(id);
			listAreas(id, storeId, areas);
		}
		DeliveryZone updated = get(id);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("version", updated.version());
		if (areas != null) {
			details.put("cityAreas", updated.cityAreas());
		}
		audit.record("delivery_zone.updated", "delivery_zone", id, details);
		return updated;
	}

	@Transactional
	public DeliveryZone deactivate(UUID id) {
		return setActive(id, false, "delivery_zone.deactivated");
	}

	@Transactional
	public DeliveryZone activate(UUID id) {
		return setActive(id, true, "delivery_zone.activated");
	}

	/** Deletes a zone and its areas; quotes priced by it go too (orders keep their own copy of the fee). */
	@Transactional
	public void delete(UUID id) {
		DeliveryZone zone = get(id);
		zones.delete(id);
		audit.record("delivery_zone.deleted", "delivery_zone", id,
				Map.of("storeId", zone.storeId(), "name", zone.name()));
	}

	private DeliveryZone setActive(UUID id, boolean active, String action) {
		if (!zones.setActive(id, active)) {
			throw ApiException.notFound("Delivery zone");
		}
		audit.record(action, "delivery_zone", id, Map.of());
		return get(id);
	}

	/**
	 * Lists the areas under the zone; an area another zone of the store serves is a 409 naming it and
	 * that zone (the transaction rolls back, so nothing of the change stays).
	 */
	private void listAreas(UUID zoneId, UUID storeId, Map<String, String> areas) {
		Set<String> inserted = zones.insertAreas(zoneId, storeId, areas);
		if (inserted.size() == areas.size()) {
			return;
		}
		Set<String> clashing = new HashSet<>(areas.keySet());
		clashing.removeAll(inserted);
		Map<String, String> serving = zones.servingZones(storeId, clashing);
		String detail = serving.entrySet()
			.stream()
			.map(e -> e.getKey() + " is already served by the delivery zone \"" + e.getValue() + "\"")
			.collect(Collectors.joining("; ", "", " of this store"));
		if (serving.isEmpty()) {
			// Served by a zone committed and deleted between the two statements: still a clash.
			detail = "City areas already served by another delivery zone of this store: "
					+ String.join(", ", clashing);
		}
		throw new ApiException(ProblemType.DUPLICATE, detail,
				Map.of("cityAreas", serving.isEmpty() ? List.copyOf(clashing) : List.copyOf(serving.keySet())));
	}

	/**
	 * Area keys (lower case, single spaces) to the names as given. The same area twice, or one the key
	 * rule cannot hold, is a 400 naming it.
	 */
	static Map<String, String> areas(List<String> cityAreas) {
		Map<String, String> byKey = new LinkedHashMap<>();
		List<FieldProblem> problems = new ArrayList<>();
		for (int i = 0; i < cityAreas.size(); i++) {
			String name = cityAreas.get(i);
			String field = "cityAreas[" + i + "]";
			if (name == null || name.isBlank()) {
				problems.add(new FieldProblem(field, "must not be blank"));
				continue;
			}
			String key = CityAreas.key(name);
			if (!CityAreas.validKey(key)) {
				problems.add(new FieldProblem(field, "\"" + name.strip()
						+ "\" is not a city area name: use letters, digits, spaces and . ' / - (at most 100)"));
			}
			else if (byKey.putIfAbsent(key, name.strip()) != null) {
				problems.add(new FieldProblem(field, "\"" + name.strip() + "\" is listed twice"));
			}
		}
		if (!problems.isEmpty()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
					Map.of("errors", problems));
		}
		return byKey;
	}

}
