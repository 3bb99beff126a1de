package io.sokoni.platform.catalog;

import java.util.List;
import java.util.UUID;

/** A category in the tree, with its children ordered by position. */
public record CategoryNode(UUID id, String name, String slug, int position, boolean active, long version,
		List<CategoryNode> children) {
}
