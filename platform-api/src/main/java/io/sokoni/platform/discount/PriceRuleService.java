package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.catalog.CategoryService;
import io.sokoni.platform.catalog.Product;
import io.sokoni.platform.catalog.ProductService;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Price rules of the bound tenant, for the merchant admin. */
@Service
public class PriceRuleService {

	private final PriceRuleRepository rules;

	private final StoreService stores;

	private final ProductService products;

	private final CategoryService categories;

	private final AuditTrail audit;

	PriceRuleService(PriceRuleRepository rules, StoreService stores, ProductService products,
			CategoryService categories, AuditTrail audit) {
		this.rules = rules;
		this.stores = stores;
		this.products = products;
		this.categories = categories;
		this.audit = audit;
	}

	/** The fields a PATCH changes: null leaves one as it is, {@code clear} names the ones to empty. */
	public record Changes(String name, String kind, Integer percentOff, Long amountOffCents, Integer buyQuantity,
			Integer getQuantity, String scope, UUID productId, UUID categoryId, Long minSubtotalCents,
			Boolean requiresCoupon, OffsetDateTime startsAt, OffsetDateTime endsAt, Set<String> clear) {
	}

	@Transactional(readOnly = true)
	public List<PriceRule> list(UUID storeId, UUID after, int limit) {
		return rules.list(storeId, after, limit);
	}

	@Transactional(readOnly = true)
	public PriceRule get(UUID id) {
		return rules.find(id).orElseThrow(() -> ApiException.notFound("Price rule"));
	}

	@Transactional
	public PriceRule create(UUID storeId, PriceRuleValues values, boolean active) {
		if (stores.find(storeId).isEmpty()) {
			throw ApiException.notFound("Store");
		}
		DiscountRules.check(values);
		checkTargets(storeId, values);
		PriceRule created = rules.insert(Ids.next(), storeId, values, active);
		audit.record("price_rule.created", "price_rule", created.id(), details(created));
		return created;
	}

	/**
	 * Applies the changes on the rule at {@code expectedVersion}. Changing the kind (or scope) drops the
	 * old kind's (scope's) fields, so a percentage rule becomes an amount rule with just
	 * {@code {"kind": "amount", "amountOffCents": 500}}.
	 */
	@Transactional
	public PriceRule update(UUID id, long expectedVersion, Changes c) {
		PriceRule current = get(id);
		if (current.version() != expectedVersion) {
			throw ApiException.staleVersion("The price rule");
		}
		String kind = or(c.kind(), current.kind());
		boolean sameKind = kind.equals(current.kind());
		String scope = or(c.scope(), current.scope());
		boolean sameScope = scope.equals(current.scope());
		Set<String> clear = c.clear() == null ? Set.of() : c.clear();
		PriceRuleValues values = new PriceRuleValues(or(c.name(), current.name()), kind,
				or(c.percentOff(), sameKind ? current.percentOff() : null),
				or(c.amountOffCents(), sameKind ? current.amountOffCents() : null),
				or(c.buyQuantity(), sameKind ? current.buyQuantity() : null),
				or(c.getQuantity(), sameKind ? current.getQuantity() : null), scope,
				or(c.productId(), sameScope ? current.productId() : null),
				or(c.categoryId(), sameScope ? current.categoryId() : null),
				or(c.minSubtotalCents(), current.minSubtotalCents()),
				or(c.requiresCoupon(), current.requiresCoupon()),
				clear.contains("startsAt") ? null : or(c.startsAt(), current.startsAt()),
				clear.contains("endsAt") ? null : or(c.endsAt(), current.endsAt()));
		DiscountRules.check(values);
		if (!Objects.equals(values.productId(), current.productId())
				|| !Objects.equals(values.categoryId(), current.categoryId())) {
			checkTargets(current.storeId(), values);
		}
		PriceRule updated = rules.update(id, expectedVersion, values)
			.orElseThrow(() -> ApiException.staleVersion("The price rule"));
		audit.record("price_rule.updated", "price_rule", id, details(updated));
		return updated;
	}

	@Transactional
	public PriceRule setActive(UUID id, boolean active) {
		PriceRule updated = rules.setActive(id, active).orElseThrow(() -> ApiException.notFound("Price rule"));
		audit.record(active ? "price_rule.activated" : "price_rule.deactivated", "price_rule", id, Map.of());
		return updated;
	}

	/**
	 * Deletes a rule and its coupons, unless an order has used one of them: that history stays, and the
	 * merchant deactivates the rule instead.
	 */
	@Transactional
	public void delete(UUID id) {
		PriceRule rule = get(id);
		int used = rules.redemptions(id);
		if (used > 0) {
			throw new ApiException(ProblemType.CONFLICT, "Orders have used the coupons of this price rule (" + used
					+ " times); deactivate it instead of deleting it");
		}
		rules.delete(id);
		audit.record("price_rule.deleted", "price_rule", id, Map.of("name", rule.name()));
	}

	/** The product or category a scoped rule names must be the tenant's (and the product the store's). */
	private void checkTargets(UUID storeId, PriceRuleValues values) {
		if (values.productId() != null) {
			Product product;
			try {
				product = products.get(values.productId());
			}
			catch (ApiException ex) {
				throw unknownTarget("productId", "No such product");
			}
			if (!product.storeId().equals(storeId)) {
				throw unknownTarget("productId", "The product belongs to another store");
			}
		}
		if (values.categoryId() != null) {
			try {
				categories.get(values.categoryId());
			}
			catch (ApiException ex) {
				throw unknownTarget("categoryId", "No such category");
			}
		}
	}

	private static ApiException unknownTarget(String field, String detail) {
		return new ApiException(ProblemType.BUSINESS_RULE, detail, Map.of("field", field));
	}

	private static Map<String, Object> details(PriceRule rule) {
		Map<String, Object> details = new HashMap<>();
		details.put("name", rule.name());
		details.put("kind", rule.kind());
		details.put("scope", rule.scope());
		details.put("version", rule.version());
		return details;
	}

	private static <T> T or(T value, T fallback) {
		return value != null ? value : fallback;
	}

}
