package io.sokoni.platform.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.sokoni.platform.catalog.CreateProductRequest.ImageRequest;
import io.sokoni.platform.catalog.CreateProductRequest.VariantRequest;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;

/** Rules of a new product that span fields, shared by the admin API and catalog imports. */
final class ProductRules {

	static final String COMPARE_AT_BELOW_BASE = "must not be below basePriceCents";

	private ProductRules() {
	}

	/** What is wrong with a product that field validation alone cannot see; empty when nothing. */
	static List<FieldProblem> check(CreateProductRequest product) {
		List<FieldProblem> problems = new ArrayList<>();
		if (compareAtBelowBase(product.basePriceCents(), product.compareAtPriceCents())) {
			problems.add(new FieldProblem("compareAtPriceCents", COMPARE_AT_BELOW_BASE));
		}
		Set<String> skus = new HashSet<>();
		if (product.variants() != null) {
			product.variants().stream().filter(Objects::nonNull).map(VariantRequest::sku).forEach(skus::add);
		}
		List<ImageRequest> images = product.images() == null ? List.of() : product.images();
		for (int i = 0; i < images.size(); i++) {
			ImageRequest image = images.get(i);
			if (image != null && image.variantSku() != null && !skus.contains(image.variantSku())) {
				problems.add(new FieldProblem("images[" + i + "].variantSku", "names no variant of this product"));
			}
		}
		return problems;
	}

	static boolean compareAtBelowBase(Long basePriceCents, Long compareAtPriceCents) {
		return basePriceCents != null && compareAtPriceCents != null && compareAtPriceCents < basePriceCents;
	}

	static ApiException invalid(List<FieldProblem> problems) {
		return new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
				Map.of("errors", problems));
	}

}
