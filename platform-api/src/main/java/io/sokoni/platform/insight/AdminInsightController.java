package io.sokoni.platform.insight;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.sokoni.platform.insight.InsightCards.CardView;
import io.sokoni.platform.insight.InsightQueries.Abandonments;
import io.sokoni.platform.insight.InsightQueries.EmptySearch;
import io.sokoni.platform.insight.InsightQueries.Funnel;
import io.sokoni.platform.insight.InsightQueries.ProductInsight;
import io.sokoni.platform.insight.InsightQueries.RevenueDay;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.Page;
import io.sokoni.platform.web.ProblemType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Merchant insight for the admin: everyone signed in (viewer and up) reads; staff and owners dismiss
 * cards. Periods are calendar days ({@code from}, {@code to} inclusive, in the insight time zone; the
 * last 30 days by default, at most 366). The figures come from the daily aggregates, refreshed about
 * every minute for tenants with new events; nothing here reads the events themselves.
 */
@RestController
@RequestMapping("/admin/v1/insights")
@Tag(name = "Admin: insights")
@SecurityRequirement(name = "bearer")
@Validated
class AdminInsightController {

	static final int MAX_PERIOD_DAYS = 366;

	/**
	 * The days a period may cover. PostgreSQL has no year 0 and JDBC reads a date before the Gregorian
	 * reform (1582) on the Julian calendar, so such days were a 500 or came back with other labels; years
	 * past 9999 overflow the database's timestamps. No store has figures before 1900.
	 */
	static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

	static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

	private final InsightQueries queries;

	private final InsightCards cards;

	private final InsightProperties props;

	AdminInsightController(InsightQueries queries, InsightCards cards, InsightProperties props) {
		this.queries = queries;
		this.cards = cards;
		this.props = props;
	}

	/** The query parameters every figure takes: a store (all when absent) and a period. */
	record Filter(UUID storeId, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
	}

	/** A validated period. */
	record Period(LocalDate from, LocalDate to) {
	}

	@GetMapping("/funnel")
	Funnel funnel(Filter filter) {
		Period p = period(filter.from(), filter.to());
		return queries.funnel(filter.storeId(), p.from(), p.to());
	}

	@GetMapping("/products")
	List<ProductInsight> products(Filter filter,
			@RequestParam(defaultValue = "views") @Pattern(regexp = "views|add_to_carts|orders|abandonments") String sort,
			@RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		Period p = period(filter.from(), filter.to());
		return queries.products(filter.storeId(), p.from(), p.to(), sort, limit);
	}

	@GetMapping("/searches/no-results")
	List<EmptySearch> searchesWithoutResults(Filter filter,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
		Period p = period(filter.from(), filter.to());
		return queries.searchesWithoutResults(filter.storeId(), p.from(), p.to(), limit);
	}

	@GetMapping("/abandonments")
	Abandonments abandonments(Filter filter) {
		Period p = period(filter.from(), filter.to());
		return queries.abandonments(filter.storeId(), p.from(), p.to());
	}

	@GetMapping("/revenue")
	List<RevenueDay> revenue(Filter filter) {
		Period p = period(filter.from(), filter.to());
		return queries.revenueByDay(filter.storeId(), p.from(), p.to());
	}

	@GetMapping("/cards")
	Page<CardView> cards(@RequestParam(required = false) UUID storeId,
			@RequestParam(defaultValue = "active") @Pattern(regexp = "active|dismissed|all") String status,
			@RequestParam(required = false) UUID after, @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(cards.list(storeId, status, after, limit), limit, CardView::id);
	}

	@GetMapping("/cards/{id}")
	CardView card(@PathVariable UUID id) {
		return cards.get(id);
	}

	@PostMapping("/cards/{id}/dismiss")
	@PreAuthorize("hasRole('STAFF')")
	CardView dismiss(@PathVariable UUID id) {
		return cards.dismiss(id);
	}

	private Period period(LocalDate from, LocalDate to) {
		LocalDate end = to != null ? to : LocalDate.now(props.timeZone());
		LocalDate start = from != null ? from : end.minusDays(29);
		if (start.isAfter(end)) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "from must not be after to");
		}
		if (start.isBefore(EARLIEST) || end.isAfter(LATEST)) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "from and to must be dates from " + EARLIEST + " to "
					+ LATEST);
		}
		if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_PERIOD_DAYS) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "A period covers at most " + MAX_PERIOD_DAYS + " days");
		}
		return new Period(start, end);
	}

}
