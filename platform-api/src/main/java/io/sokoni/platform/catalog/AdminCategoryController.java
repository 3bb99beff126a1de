package io.sokoni.platform.catalog;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.sokoni.platform.catalog.CategoryRepository.CategoryChanges;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The category tree for the merchant admin: everyone signed in reads, staff and owners change. */
@RestController
@RequestMapping("/admin/v1/categories")
@Tag(name = "Admin: categories")
@SecurityRequirement(name = "bearer")
@Validated
class AdminCategoryController {

	private final CategoryService categories;

	AdminCategoryController(CategoryService categories) {
		this.categories = categories;
	}

	@GetMapping
	List<CategoryNode> tree() {
		return categories.tree();
	}

	@GetMapping("/{id}")
	Category get(@PathVariable UUID id) {
		return categories.get(id);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<Category> create(@Valid @RequestBody CreateCategoryRequest request) {
		Category created = categories.create(request.parentId(), request.name(), request.slug(), request.position(),
				request.active() == null || request.active());
		return ResponseEntity.created(URI.create("/admin/v1/categories/" + created.id())).body(created);
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	Category update(@PathVariable UUID id, @Valid @RequestBody UpdateCategoryRequest request) {
		return categories.update(id, request.version(),
				new CategoryChanges(request.name(), request.slug(), request.position(), request.active()));
	}

	@PostMapping("/{id}/move")
	@PreAuthorize("hasRole('STAFF')")
	Category move(@PathVariable UUID id, @Valid @RequestBody MoveCategoryRequest request) {
		return categories.move(id, request.version(), request.parentId(), request.position());
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('STAFF')")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		categories.delete(id);
	}

	/** A new category: top level without a parent, after its last sibling without a position. */
	record CreateCategoryRequest(@NotBlank @Size(max = 200) String name,
			@NotNull @Pattern(regexp = CatalogPatterns.CATEGORY_SLUG) String slug, UUID parentId,
			@PositiveOrZero Integer position, Boolean active) {
	}

	/** Fields to change (absent fields stay as they are) and the version the change is based on. */
	record UpdateCategoryRequest(@NotNull @PositiveOrZero Long version,
			@Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
			@Pattern(regexp = CatalogPatterns.CATEGORY_SLUG) String slug, @PositiveOrZero Integer position,
			Boolean active) {
	}

	/** The new parent (null: top level), optionally the position among its children. */
	record MoveCategoryRequest(@NotNull @PositiveOrZero Long version, UUID parentId,
			@PositiveOrZero Integer position) {
	}

}
