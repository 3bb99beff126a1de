package io.sokoni.platform.search;

import java.util.UUID;

import io.sokoni.platform.search.SearchReindexService.Reindexed;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator rebuilds a tenant's search documents from the database. */
@RestController
@RequestMapping("/platform/v1/tenants/{id}/search")
@Tag(name = "Platform operator")
@SecurityRequirement(name = "operator")
class OperatorSearchController {

	private final SearchReindexService reindex;

	OperatorSearchController(SearchReindexService reindex) {
		this.reindex = reindex;
	}

	@PostMapping("/reindex")
	Reindexed reindex(@PathVariable UUID id) {
		return reindex.reindex(id);
	}

}
