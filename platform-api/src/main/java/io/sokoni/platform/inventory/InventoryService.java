package io.sokoni.platform.inventory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.auth.CurrentUser;
import io.sokoni.platform.inventory.InventoryRepository.Counted;
import io.sokoni.platform.inventory.InventoryRepository.NewMovement;
import io.sokoni.platform.inventory.InventoryRepository.Stock;
import io.sokoni.platform.inventory.InventoryRepository.StockedVariant;
import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock of the bound tenant. Each change is one conditional statement on the level, then, in the same
 * transaction, its journal entry (with the level it produced) and a {@code product.upserted} outbox
 * event so the search index picks up the new availability. A refused change writes nothing.
 */
@Service
public class InventoryService {

	private final InventoryRepository inventory;

	private final LocationRepository locations;

	private final OutboxWriter outbox;

	InventoryService(InventoryRepository inventory, LocationRepository locations, OutboxWriter outbox) {
		this.inventory = inventory;
		this.locations = locations;
		this.outbox = outbox;
	}

	@Transactional(readOnly = true)
	public List<InventoryLevel> levels(UUID variantId, UUID locationId, UUID productId, UUID afterVariantId,
			UUID afterLocationId, int limit) {
		return inventory.levels(variantId, locationId, productId, afterVariantId, afterLocationId, limit);
	}

	/** The level of a variant at a location; zero when no stock was ever recorded for the pair. */
	@Transactional(readOnly = true)
	public InventoryLevel level(UUID variantId, UUID locationId) {
		Target target = target(variantId, locationId);
		return target.level(inventory.findStock(variantId, locationId).orElse(Stock.NONE));
	}

	/** Sets on hand to a counted quantity; refused (409) below what is reserved. */
	@Transactional
	public InventoryLevel set(UUID variantId, UUID locationId, int onHand, String note, String reference) {
		requireNotNegative(onHand);
		Target target = target(variantId, locationId);
		Counted counted = inventory.setOnHand(variantId, locationId, onHand)
			.orElseThrow(() -> refusedCount(variantId, locationId, onHand));
		int previous = counted.previousOnHand() == null ? 0 : counted.previousOnHand();
		journal(target.variant(), locationId, MovementReason.SET, counted.stock().onHand() - previous, 0,
				counted.stock(), null, reference, note);
		return target.level(counted.stock());
	}

	/**
	 * Adds (positive delta) or removes (negative) stock, for a correction or a customer return; refused
	 * (409) when on hand would go negative or below what is reserved.
	 */
	@Transactional
	public InventoryLevel adjust(UUID variantId, UUID locationId, int delta, MovementReason reason, String note,
			String reference) {
		if (delta == 0 || (reason != MovementReason.ADJUSTMENT && reason != MovementReason.RETURN)) {
			throw new IllegalArgumentException("an adjustment or return of a non-zero quantity");
		}
		Target target = target(variantId, locationId);
		Stock after = delta > 0 ? add(variantId, locationId, delta)
				: inventory.removeOnHand(variantId, locationId, -delta)
					.orElseThrow(() -> notEnough(variantId, locationId, -delta));
		journal(target.variant(), locationId, reason, delta, 0, after, null, reference, note);
		return target.level(after);
	}

	/** Adds received stock. */
	@Transactional
	public InventoryLevel restock(UUID variantId, UUID locationId, int quantity, String note, String reference) {
		requirePositive(quantity);
		Target target = target(variantId, locationId);
		Stock after = add(variantId, locationId, quantity);
		journal(target.variant(), locationId, MovementReason.RESTOCK, quantity, 0, after, null, reference, note);
		return target.level(after);
	}

	/**
	 * Reserves stock for an order or checkout if that much is available (on hand minus reserved) at the
	 * location, in one conditional update; false, with nothing written, when it is not (or no stock was
	 * ever recorded there). Joins the caller's transaction.
	 */
	@Transactional
	public boolean reserve(UUID variantId, UUID locationId, int quantity, String referenceType, String referenceId) {
		requirePositive(quantity);
		return inventory.reserve(variantId, locationId, quantity).map(after -> {
			journal(variant(variantId), locationId, MovementReason.RESERVATION, 0, quantity, after, referenceType,
					referenceId, null);
			return true;
		}).orElse(false);
	}

	/**
	 * Releases a reservation (expired or cancelled checkout); false, with nothing written, when less than
	 * that is reserved at the location. Joins the caller's transaction.
	 */
	@Transactional
	public boolean release(UUID variantId, UUID locationId, int quantity, String referenceType, String referenceId) {
		requirePositive(quantity);
		return inventory.release(variantId, locationId, quantity).map(after -> {
			journal(variant(variantId), locationId, MovementReason.RELEASE, 0, -quantity, after, referenceType,
					referenceId, null);
			return true;
		}).orElse(false);
	}

	@Transactional(readOnly = true)
	public List<InventoryMovement> movements(UUID variantId, UUID locationId, UUID after, int limit) {
		return inventory.movements(variantId, locationId, after, limit);
	}

	@Transactional(readOnly = true)
	public InventoryMovement movement(UUID id) {
		return inventory.findMovement(id).orElseThrow(() -> ApiException.notFound("Movement"));
	}

	@Transactional(readOnly = true)
	public List<LowStockVariant> lowStock(UUID storeId, UUID after, int limit) {
		return inventory.lowStock(storeId, after, limit);
	}

	private Stock add(UUID variantId, UUID locationId, int quantity) {
		return inventory.addOnHand(variantId, locationId, quantity)
			.orElseThrow(() -> new ApiException(ProblemType.CONFLICT,
					"Cannot add " + quantity + ": on hand at a location cannot exceed "
							+ InventoryRepository.MAX_ON_HAND));
	}

	/** The variant and location a change is about: both of this tenant, and of the same store. */
	private Target target(UUID variantId, UUID locationId) {
		StockedVariant variant = variant(variantId);
		Location location = locations.find(locationId).orElseThrow(() -> ApiException.notFound("Location"));
		if (!location.storeId().equals(variant.storeId())) {
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"This location belongs to a different store than the variant's product; stock is kept at "
							+ "locations of the product's own store");
		}
		return new Target(variant, location);
	}

	private StockedVariant variant(UUID variantId) {
		return inventory.findVariant(variantId).orElseThrow(() -> ApiException.notFound("Variant"));
	}

	/** Writes the journal entry and the outbox event of an applied change. */
	private void journal(StockedVariant variant, UUID locationId, MovementReason reason, int onHandChange,
			int reservedChange, Stock after, String referenceType, String referenceId, String note) {
		CurrentUser.Actor actor = CurrentUser.actor("system");
		inventory.insertMovement(Ids.next(),
				new NewMovement(variant.id(), locationId, reason, onHandChange, reservedChange, after.onHand(),
						after.reserved(), referenceType, referenceId, note, actor.type(), actor.id()));
		outbox.append("product", variant.productId(), "product.upserted",
				Map.of("storeId", variant.storeId(), "reason", "stock"));
	}

	/*
	 * The refused-change details below read the level after the conditional statement changed nothing,
	 * only to tell the user why; the decision was the statement's.
	 */

	private ApiException refusedCount(UUID variantId, UUID locationId, int onHand) {
		Stock now = inventory.findStock(variantId, locationId).orElse(Stock.NONE);
		if (now.reserved() > onHand) {
			return new InsufficientStockException("Cannot set on hand to " + onHand + ": " + now.reserved()
					+ " are reserved for orders at this location", now.onHand(), now.reserved());
		}
		// The level was created by someone else while this count was being applied.
		return ApiException.staleVersion("The stock level");
	}

	private InsufficientStockException notEnough(UUID variantId, UUID locationId, int quantity) {
		Stock now = inventory.findStock(variantId, locationId).orElse(Stock.NONE);
		int removable = Math.max(0, now.onHand() - now.reserved());
		return new InsufficientStockException("Cannot remove " + quantity + ": " + now.onHand() + " on hand, of which "
				+ now.reserved() + " reserved for orders, so at most " + removable
				+ " can be removed at this location", now.onHand(), now.reserved());
	}

	private static void requirePositive(int quantity) {
		if (quantity <= 0) {
			throw new IllegalArgumentException("quantity must be positive: " + quantity);
		}
	}

	private static void requireNotNegative(int quantity) {
		if (quantity < 0) {
			throw new IllegalArgumentException("quantity must not be negative: " + quantity);
		}
	}

	/** A variant and a location of the same store. */
	private record Target(StockedVariant variant, Location location) {

		InventoryLevel level(Stock stock) {
			return InventoryLevel.of(variant.id(), variant.productId(), variant.sku(), location.id(), location.code(),
					stock.onHand(), stock.reserved(), stock.updatedAt());
		}

	}

}
