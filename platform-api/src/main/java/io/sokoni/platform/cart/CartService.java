package io.sokoni.platform.cart;

import static io.sokoni.tenant.TenantBindingTransactionManager.RELAXED_COMMIT;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.sokoni.platform.Amounts;
import io.sokoni.platform.Hashes;
import io.sokoni.platform.Ids;
import io.sokoni.platform.cart.CartRepository.AbandonmentReason;
import io.sokoni.platform.cart.CartRepository.Addition;
import io.sokoni.platform.cart.CartRepository.CartRow;
import io.sokoni.platform.cart.CartRepository.Line;
import io.sokoni.platform.cart.CartRepository.VariantCheck;
import io.sokoni.platform.delivery.DeliveryPricing;
import io.sokoni.platform.delivery.DeliveryQuote;
import io.sokoni.platform.discount.DiscountLine;
import io.sokoni.platform.discount.Discounts;
import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.jooq.Query;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Shopping carts of the bound tenant's storefronts. The shopper's key is an unguessable token (32
 * random bytes); only its SHA-256 is stored, so a database reader cannot act as the shopper. Every change
 * locks the cart row first (the statement that records the change), so changes to one cart happen one
 * after the other.
 */
@Service
public class CartService {

	/** The most of one variant a cart holds (the schema's check). */
	static final int MAX_QUANTITY = 1000;

	/** Distinct items one cart holds at most. */
	static final int MAX_LINES = 100;

	/** Unexpired delivery quotes one cart holds at most (each lives {@code quote-ttl}, 15 min by default). */
	static final int MAX_QUOTES = 20;

	/** Abandonment reasons one cart records at most. */
	static final int MAX_ABANDONMENT_REASONS = 5;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");

	/** The outbox event of a cart the abandonment job marked (insight consumes it). */
	public static final String CART_ABANDONED = "cart.abandoned";

	private final CartRepository carts;

	private final DeliveryPricing delivery;

	private final CartProperties props;

	private final Discounts discounts;

	private final OutboxWriter outbox;

	CartService(CartRepository carts, DeliveryPricing delivery, CartProperties props, Discounts discounts,
			OutboxWriter outbox) {
		this.outbox = outbox;
		this.carts = carts;
		this.delivery = delivery;
		this.props = props;
		this.discounts = discounts;
	}

	/** A new cart and the token that opens it (shown once). */
	public record CreatedCart(String token, CartView cart) {
	}

	/** A delivery quote as shown to the shopper; the checkout honours it until {@code expiresAt}. */
	public record QuoteView(UUID zoneId, String zoneName, String cityArea, long subtotalCents, long feeCents,
			int etaMinutes, String ruleApplied, long minOrderCents, Long freeDeliveryThresholdCents, String currency,
			OffsetDateTime expiresAt) {
	}

	@Transactional
	public CreatedCart create(UUID storeId, String channel) {
		String token = newToken();
		CartRow cart = carts.insert(Ids.next(), storeId, Hashes.sha256Hex(token), channel, null, props.ttl())
			.orElseThrow(() -> ApiException.notFound("Store"));
		return new CreatedCart(token, CartView.of(cart, List.of()));
	}

	/** A cart started on a shopper's behalf: its id (never shown to shoppers) and its token. */
	public record StartedCart(UUID id, String token) {
	}

	/**
	 * A new cart of a known customer, started by the platform rather than a storefront (a WhatsApp
	 * catalog order), in the caller's transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public StartedCart startFor(UUID customerId, UUID storeId, String channel) {
		String token = newToken();
		CartRow cart = carts.insert(Ids.next(), storeId, Hashes.sha256Hex(token), channel, customerId, props.ttl())
			.orElseThrow(() -> ApiException.notFound("Store"));
		return new StartedCart(cart.id(), token);
	}

	private static String newToken() {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
	}

	/** The cart with the discounts it would get now (automatic rules and its coupon). */
	@Transactional(readOnly = true)
	public CartView get(UUID storeId, String token) {
		CartRow cart = usable(carts.find(storeId, hash(token)));
		List<Line> lines = carts.lines(cart.id(), storeId);
		List<DiscountLine> priced = lines.stream()
			.map(l -> new DiscountLine(l.productId(), l.variantId(), l.categoryId(), l.quantity(), l.unitPriceCents()))
			.toList();
		return CartView.of(cart, lines)
			.withDiscount(discounts.evaluate(storeId, priced, cart.couponCode(), cart.customerId(),
					OffsetDateTime.now(ZoneOffset.UTC)));
	}

	/** Adds to the line of this variant (or starts one); the whole new quantity must be in stock. */
	@Transactional(label = RELAXED_COMMIT) // lines only: no money, no stock
	public CartView addItem(UUID storeId, String token, UUID variantId, int quantity) {
		requireQuantity(quantity, 1);
		String hash = hash(token);
		Addition addition = carts.add(storeId, hash, props.ttl(), variantId, quantity);
		CartRow cart = addition.cart().orElseGet(() -> notLive(storeId, hash));
		if (!addition.added()) {
			throw refusal(cart.id(), storeId, variantId, quantity, true);
		}
		return CartView.of(cart, addition.lines());
	}

	/** Sets the quantity of a line; 0 removes it. */
	@Transactional(label = RELAXED_COMMIT) // lines only: no money, no stock
	public CartView changeQuantity(UUID storeId, String token, UUID variantId, int quantity) {
		requireQuantity(quantity, 0);
		CartRow cart = touch(storeId, token);
		if (quantity == 0) {
			requireRemoved(carts.removeItem(cart.id(), variantId));
		}
		else if (!carts.setQuantity(cart.id(), storeId, variantId, quantity)) {
			if (!carts.hasItem(cart.id(), variantId)) {
				throw ApiException.notFound("Cart item");
			}
			throw refusal(cart.id(), storeId, variantId, quantity, false);
		}
		return CartView.of(cart, carts.lines(cart.id(), storeId));
	}

	@Transactional(label = RELAXED_COMMIT) // lines only: no money, no stock
	public CartView removeItem(UUID storeId, String token, UUID variantId) {
		CartRow cart = touch(storeId, token);
		requireRemoved(carts.removeItem(cart.id(), variantId));
		return CartView.of(cart, carts.lines(cart.id(), storeId));
	}

	/**
	 * Keeps the coupon code (upper case) on the cart, or removes it when null. Whether it applies is the
	 * discount rules' answer at checkout.
	 */
	@Transactional
	public CartView setCoupon(UUID storeId, String token, String couponCode) {
		CartRow cart = touch(storeId, token);
		String code = couponCode == null ? null : couponCode.strip().toUpperCase(Locale.ROOT);
		carts.setCoupon(cart.id(), code);
		return CartView.of(withCoupon(cart, code), carts.lines(cart.id(), storeId));
	}

	@Transactional
	public CartView setDeliveryArea(UUID storeId, String token, String cityArea) {
		CartRow cart = touch(storeId, token);
		String area = cityArea.strip();
		carts.setCityArea(cart.id(), area);
		return CartView.of(withArea(cart, area), carts.lines(cart.id(), storeId));
	}

	/**
	 * Prices delivery of the cart (at current prices) to the area, records the quote so the checkout can
	 * honour it for a while, and keeps the area on the cart.
	 */
	@Transactional
	public QuoteView quoteDelivery(UUID storeId, String token, String cityArea) {
		CartRow cart = touch(storeId, token);
		String area = cityArea.strip();
		List<Line> lines = carts.lines(cart.id(), storeId);
		if (lines.isEmpty()) {
			throw new ApiException(ProblemType.BUSINESS_RULE, "The cart is empty: add items before asking for a delivery quote");
		}
		if (carts.pruneQuotes(cart.id()) >= MAX_QUOTES) {
			throw new ApiException(ProblemType.BUSINESS_RULE, "A cart holds at most " + MAX_QUOTES
					+ " unexpired delivery quotes; use one of them or try again when they expire");
		}
		long subtotal = lines.stream()
			.mapToLong(l -> Amounts.lineTotal(l.unitPriceCents(), l.quantity()))
			.reduce(0, Amounts::plus);
		DeliveryQuote quote = delivery.quote(storeId, area, subtotal);
		carts.setCityArea(cart.id(), area);
		OffsetDateTime expiresAt = carts.insertQuote(cart.id(), quote, area, subtotal, props.quoteTtl());
		return new QuoteView(quote.zoneId(), quote.zoneName(), area, subtotal, quote.feeCents(), quote.etaMinutes(),
				quote.ruleApplied(), quote.minOrderCents(), quote.freeDeliveryThresholdCents(), cart.currency(),
				expiresAt);
	}

	/** Why the shopper left the checkout; the cart itself is not changed. */
	@Transactional
	public AbandonmentReason recordAbandonmentReason(UUID storeId, String token, String reason, String note) {
		CartRow cart = usable(carts.find(storeId, hash(token)));
		carts.lock(cart.id()); // concurrent reasons for one cart are counted one after another
		if (carts.countAbandonmentReasons(cart.id()) >= MAX_ABANDONMENT_REASONS) {
			throw new ApiException(ProblemType.BUSINESS_RULE,
					"A cart records at most " + MAX_ABANDONMENT_REASONS + " abandonment reasons");
		}
		return carts.insertAbandonmentReason(cart.id(), reason, note == null || note.isBlank() ? null : note.strip());
	}

	/**
	 * The open cart with this token, locked (FOR UPDATE) for the caller's checkout transaction, with its
	 * items at current prices. 404 unknown token (or another store's), 410 {@code CART_EXPIRED} past its
	 * expiry, 409 {@code CONFLICT} when already converted or abandoned-and-closed, 422 when empty or
	 * when an item's product or variant is no longer for sale.
	 * <p>
	 * An abandoned cart that has not expired can still be checked out: abandonment is a marketing fact,
	 * not a closed state.
	 */
	@Transactional
	public CheckoutCart lockForCheckout(UUID storeId, String token) {
		CartRepository.Locked locked = carts.lockWithLines(storeId, hash(token));
		CartRow cart = usable(locked.cart());
		List<Line> lines = locked.lines();
		if (lines.isEmpty()) {
			throw new ApiException(ProblemType.BUSINESS_RULE, "The cart is empty");
		}
		for (Line line : lines) {
			if (!line.forSale()) {
				throw new ApiException(ProblemType.BUSINESS_RULE, describe(line) + " is no longer for sale; remove it from the cart",
						Map.of("variantId", line.variantId()));
			}
		}
		return new CheckoutCart(cart.id(), cart.storeId(), cart.channel(), cart.currency(), cart.couponCode(),
				cart.cityArea(), cart.customerId(),
				lines.stream()
					.map(l -> new CheckoutCart.Item(l.productId(), l.variantId(), l.categoryId(), l.sku(), l.productName(),
							l.variantName(), l.quantity(), l.unitPriceCents()))
					.toList());
	}

	/** The id of the store's cart with this token, whatever its state; 404 when there is none. */
	@Transactional(readOnly = true)
	public UUID idOf(UUID storeId, String token) {
		return carts.find(storeId, hash(token)).map(CartRow::id).orElseThrow(() -> ApiException.notFound("Cart"));
	}

	/** Marks a locked cart converted (to an order of this customer). Joins the caller's transaction. */
	@Transactional
	public void markConverted(UUID cartId, UUID customerId) {
		if (conversion(cartId, customerId).execute() != 1) {
			throw alreadyCheckedOut();
		}
	}

	/**
	 * {@link #markConverted}'s statement, for a caller that runs it with others in one round trip; it
	 * changes one row, or none when the cart was already converted.
	 */
	public Query conversion(UUID cartId, UUID customerId) {
		return carts.markConverted(cartId, customerId);
	}

	private static ApiException alreadyCheckedOut() {
		return new ApiException(ProblemType.CONFLICT, "This cart has already been checked out");
	}

	/**
	 * The unexpired delivery quote the shopper was shown for this cart and area, if its subtotal is still
	 * the cart's: a checkout honours the fee it quoted.
	 */
	@Transactional(readOnly = true)
	public Optional<DeliveryQuote> validQuote(UUID cartId, String cityArea, long subtotalCents) {
		if (cityArea == null || cityArea.isBlank()) {
			return Optional.empty();
		}
		return carts.validQuote(cartId, areaKey(cityArea), subtotalCents);
	}

	/** The abandonment job's write, with the carts' tenant bound. */
	@Transactional
	int abandonIdle(Collection<UUID> cartIds) {
		List<UUID> abandoned = carts.abandon(cartIds, props.abandonAfter());
		// Announced for merchant insight (abandonments by reason and area), with the mark, or not at all.
		abandoned.forEach(id -> outbox.append("cart", id, CART_ABANDONED, Map.of()));
		return abandoned.size();
	}

	/** An area as delivery matches it: lower case, single spaces. */
	static String areaKey(String cityArea) {
		return cityArea.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

	/** Starts every cart edit: the cart row locked and its activity recorded. */
	private CartRow touch(UUID storeId, String token) {
		String hash = hash(token);
		return carts.touch(storeId, hash, props.ttl()).orElseGet(() -> notLive(storeId, hash));
	}

	/** Why a cart edit found no live cart to touch: 404, 409 or 410. */
	private CartRow notLive(UUID storeId, String tokenHash) {
		usable(carts.find(storeId, tokenHash));
		// Live a moment ago and not any more: converted by a concurrent checkout, or just expired.
		throw new ApiException(ProblemType.CONFLICT, "The cart changed while this request ran; reload it");
	}

	/** The cart if it can still be used: 404 unknown, 409 converted, 410 expired. */
	private static CartRow usable(Optional<CartRow> found) {
		CartRow cart = found.orElseThrow(() -> ApiException.notFound("Cart"));
		if (cart.status().equals("converted")) {
			throw alreadyCheckedOut();
		}
		if (cart.expired()) {
			throw new ApiException(ProblemType.CART_EXPIRED,
					"This cart expired at " + cart.expiresAt() + "; start a new cart");
		}
		return cart;
	}

	/** A malformed token is as unknown as a wrong one. */
	private static String hash(String token) {
		if (token == null || !TOKEN.matcher(token).matches()) {
			throw ApiException.notFound("Cart");
		}
		return Hashes.sha256Hex(token);
	}

	private ApiException refusal(UUID cartId, UUID storeId, UUID variantId, int quantity, boolean adding) {
		VariantCheck check = carts.check(cartId, storeId, variantId)
			.orElseThrow(() -> ApiException.notFound("Variant"));
		if (!check.forSale()) {
			return new ApiException(ProblemType.BUSINESS_RULE, check.name() + " is not for sale");
		}
		if (adding && check.inCart() == 0 && carts.countLines(cartId) >= MAX_LINES) {
			return new ApiException(ProblemType.BUSINESS_RULE,
					"A cart holds at most " + MAX_LINES + " different items; check out or remove some first");
		}
		int wanted = adding ? check.inCart() + quantity : quantity;
		if (wanted > MAX_QUANTITY) {
			return new ApiException(ProblemType.BUSINESS_RULE,
					"A cart holds at most " + MAX_QUANTITY + " of one item (it has " + check.inCart() + ")",
					Map.of("inCart", check.inCart()));
		}
		return new ApiException(ProblemType.INSUFFICIENT_STOCK,
				"Only " + check.available() + " of " + check.name() + " available; the cart would hold " + wanted,
				Map.of("availableQuantity", check.available(), "inCart", check.inCart()));
	}

	private static void requireQuantity(int quantity, int min) {
		if (quantity < min || quantity > MAX_QUANTITY) {
			throw new ApiException(ProblemType.VALIDATION_FAILED,
					"quantity must be between " + min + " and " + MAX_QUANTITY);
		}
	}

	private static void requireRemoved(boolean removed) {
		if (!removed) {
			throw ApiException.notFound("Cart item");
		}
	}

	private static String describe(Line line) {
		return line.variantName() == null ? line.productName() : line.productName() + " (" + line.variantName() + ")";
	}

	private static CartRow withCoupon(CartRow c, String code) {
		return new CartRow(c.id(), c.storeId(), c.channel(), c.status(), c.currency(), code, c.cityArea(),
				c.customerId(), c.expiresAt(), c.lastActivityAt(), c.version(), c.expired());
	}

	private static CartRow withArea(CartRow c, String area) {
		return new CartRow(c.id(), c.storeId(), c.channel(), c.status(), c.currency(), c.couponCode(), area,
				c.customerId(), c.expiresAt(), c.lastActivityAt(), c.version(), c.expired());
	}

}
