package io.sokoni.platform.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.catalog.CategoryRepository.CategoryChanges;
import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The category tree of the bound tenant. Every change is audited and announced as
 * {@code category.changed} through the outbox, in the transaction that makes it.
 */
@Service
public class CategoryService {

	/** The tree is read whole; a merchant's categories stay far below this. */
	static final int MAX_CATEGORIES = 5000;

	/** Constraints that refuse a move under the category itself or one of its descendants. */
	private static final Set<String> CYCLE_CONSTRAINTS = Set.of("categories_no_cycle", "categories_not_own_parent");

	private final CategoryRepository categories;

	private final OutboxWriter outbox;

	private final AuditTrail audit;

	CategoryService(CategoryRepository categories, OutboxWriter outbox, AuditTrail audit) {
		this.categories = categories;
		this.outbox = outbox;
		this.audit = audit;
	}

	/** Top-level categories with their descendants nested, siblings in position order. */
	@Transactional(readOnly = true)
	public List<CategoryNode> tree() {
		Map<UUID, List<Category>> byParent = new HashMap<>();
		List<Category> roots = new ArrayList<>();
		for (Category c : categories.list(MAX_CATEGORIES)) {
			if (c.parentId() == null) {
				roots.add(c);
			}
			else {
				byParent.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
			}
		}
		return nodes(roots, byParent);
	}

	@Transactional(readOnly = true)
	public Category get(UUID id) {
		return categories.find(id).orElseThrow(() -> ApiException.notFound("Category"));
	}

	@Transactional
	public Category create(UUID parentId, String name, String slug, Integer position, boolean active) {
		requireParent(parentId);
		UUID id = Ids.next();
		categories.insert(id, parentId, name, slug, position, active);
		changed(id, "category.created", Map.of("slug", slug));
		return categories.find(id).orElseThrow();
	}

	@Transactional
	public Category update(UUID id, long expectedVersion, CategoryChanges changes) {
		Category updated = categories.update(id, expectedVersion, changes).orElseThrow(() -> missingOrStale(id));
		changed(id, "category.updated", Map.of("version", updated.version()));
		return updated;
	}

	/** Moves a category under {@code parentId} (null: top level); never under itself or a descendant. */
	@Transactional
	public Category move(UUID id, long expectedVersion, UUID parentId, Integer position) {
		requireParent(parentId);
		Category moved;
		try {
			moved = categories.move(id, expectedVersion, parentId, position).orElseThrow(() -> missingOrStale(id));
		}
		catch (DataIntegrityViolationException ex) {
			if (DatabaseErrors.constraint(ex).filter(CYCLE_CONSTRAINTS::contains).isPresent()) {
				throw new ApiException(ProblemType.CONFLICT,
						"A category cannot be moved under itself or one of its own subcategories");
			}
			throw ex;
		}
		changed(id, "category.moved", parentId == null ? Map.of() : Map.of("parentId", parentId));
		return moved;
	}

	/** Deletes a category that has neither subcategories nor products (the foreign keys guard races). */
	@Transactional
	public void delete(UUID id) {
		if (!categories.exists(id)) {
			throw ApiException.notFound("Category");
		}
		if (categories.hasChildren(id)) {
			throw new ApiException(ProblemType.CONFLICT,
					"The category has subcategories; move or delete them first");
		}
		if (categories.hasProducts(id)) {
			throw new ApiException(ProblemType.CONFLICT,
					"Products are in this category; move them to another category first");
		}
		categories.delete(id);
		changed(id, "category.deleted", Map.of());
	}

	/** Category ids by slug, for resolving imported rows. */
	@Transactional(readOnly = true)
	Map<String, UUID> idsBySlug() {
		return categories.idsBySlug();
	}

	private void requireParent(UUID parentId) {
		if (parentId != null && !categories.exists(parentId)) {
			throw ApiException.notFound("Parent category");
		}
	}

	private ApiException missingOrStale(UUID id) {
		return categories.exists(id) ? ApiException.staleVersion("The category") : ApiException.notFound("Category");
	}

	private void changed(UUID id, String action, Map<String, ?> details) {
		outbox.append("category", id, "category.changed", Map.of());
		audit.record(action, "category", id, details);
	}

	private static List<CategoryNode> nodes(List<Category> siblings, Map<UUID, List<Category>> byParent) {
		return siblings.stream()
			.map(c -> new CategoryNode(c.id(), c.name(), c.slug(), c.position(), c.active(), c.version(),
					nodes(byParent.getOrDefault(c.id(), List.of()), byParent)))
			.toList();
	}

}
