package io.sokoni.platform.catalog;

import static io.sokoni.platform.catalog.CatalogFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CategoryIT extends ApiTestBase {

	private CatalogFixtures catalog() {
		return new CatalogFixtures(api());
	}

	@Test
	void treeNestsChildrenInPositionOrder() {
		TestTenant tenant = fixtures().tenant();
		JsonNode women = catalog().createCategory(tenant, "Women", null);
		JsonNode men = catalog().createCategory(tenant, "Men", null);
		Response dresses = api().post("/admin/v1/categories")
			.bearer(tenant.ownerToken())
			.body(Map.of("name", "Dresses", "slug", CatalogFixtures.unique("c-"), "parentId", id(women).toString(),
					"position", 5))
			.send();
		assertThat(dresses.status()).as(dresses.toString()).isEqualTo(201);
		assertThat(dresses.header("Location")).isEqualTo("/admin/v1/categories/" + id(dresses.json()));
		JsonNode shoes = api().post("/admin/v1/categories")
			.bearer(tenant.ownerToken())
			.body(Map.of("name", "Shoes", "slug", CatalogFixtures.unique("c-"), "parentId", id(women).toString(),
					"position", 1))
			.send()
			.json();
		JsonNode sandals = catalog().createCategory(tenant, "Sandals", id(shoes));

		Response tree = api().get("/admin/v1/categories").bearer(tenant.ownerToken()).send();

		assertThat(tree.status()).as(tree.toString()).isEqualTo(200);
		JsonNode roots = tree.json();
		assertThat(roots.size()).isEqualTo(2);
		assertThat(roots.get(0).path("id").asString()).isEqualTo(id(women).toString());
		assertThat(roots.get(1).path("id").asString()).isEqualTo(id(men).toString());
		JsonNode children = roots.get(0).path("children");
		assertThat(children.size()).isEqualTo(2);
		assertThat(children.get(0).path("name").asString()).isEqualTo("Shoes");
		assertThat(children.get(1).path("name").asString()).isEqualTo("Dresses");
		assertThat(children.get(0).path("children").get(0).path("id").asString()).isEqualTo(id(sandals).toString());
		assertThat(roots.get(1).path("children").size()).isZero();
	}

	@Test
	void newCategoriesGoAfterTheirLastSibling() {
		TestTenant tenant = fixtures().tenant();
		JsonNode first = catalog().createCategory(tenant, "First", null);
		JsonNode second = catalog().createCategory(tenant, "Second", null);
		assertThat(first.path("position").asInt()).isZero();
		assertThat(second.path("position").asInt()).isEqualTo(1);
		assertThat(first.path("active").asBoolean()).isTrue();
		assertThat(first.path("version").asLong()).isZero();
	}

	@Test
	void unknownParentIs404AndNothingIsCreated() {
		TestTenant tenant = fixtures().tenant();
		String slug = CatalogFixtures.unique("c-");
		Response response = api().post("/admin/v1/categories")
			.bearer(tenant.ownerToken())
			.body(Map.of("name", "Orphan", "slug", slug, "parentId", UUID.randomUUID().toString()))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
		assertThat(response.json().path("detail").asString()).contains("Parent category");
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.categories where slug = ?", slug)).isZero();
	}

	@Test
	void movingUnderItsOwnDescendantIs409AndChangesNothing() {
		TestTenant tenant = fixtures().tenant();
		JsonNode clothing = catalog().createCategory(tenant, "Clothing", null);
		JsonNode tops = catalog().createCategory(tenant, "Tops", id(clothing));
		JsonNode shirts = catalog().createCategory(tenant, "Shirts", id(tops));

		Response underGrandchild = move(tenant, id(clothing), 0, id(shirts));
		Response underItself = move(tenant, id(clothing), 0, id(clothing));

		assertThat(underGrandchild.status()).as(underGrandchild.toString()).isEqualTo(409);
		assertThat(underGrandchild.problemType()).isEqualTo("conflict");
		assertThat(underGrandchild.json().path("detail").asString()).contains("cannot be moved under itself");
		assertThat(underItself.status()).as(underItself.toString()).isEqualTo(409);
		assertThat(underItself.problemType()).isEqualTo("conflict");
		JsonNode after = api().get("/admin/v1/categories/" + id(clothing)).bearer(tenant.ownerToken()).send().json();
		assertThat(after.path("parentId").isNull()).isTrue();
		assertThat(after.path("version").asLong()).isZero();
	}

	@Test
	void moveChangesParentAndBumpsVersion() {
		TestTenant tenant = fixtures().tenant();
		JsonNode kids = catalog().createCategory(tenant, "Kids", null);
		JsonNode toys = catalog().createCategory(tenant, "Toys", null);
		JsonNode puzzles = catalog().createCategory(tenant, "Puzzles", id(toys));

		Response underKids = move(tenant, id(puzzles), 0, id(kids));
		assertThat(underKids.status()).as(underKids.toString()).isEqualTo(200);
		assertThat(underKids.json().path("parentId").asString()).isEqualTo(id(kids).toString());
		assertThat(underKids.json().path("version").asLong()).isEqualTo(1);

		Response toRoot = move(tenant, id(puzzles), 1, null);
		assertThat(toRoot.status()).as(toRoot.toString()).isEqualTo(200);
		assertThat(toRoot.json().path("parentId").isNull()).isTrue();
		assertThat(toRoot.json().path("position").asInt()).isEqualTo(2);
		JsonNode tree = api().get("/admin/v1/categories").bearer(tenant.ownerToken()).send().json();
		assertThat(tree.size()).isEqualTo(3);
		assertThat(tree.get(2).path("name").asString()).isEqualTo("Puzzles");
	}

	@Test
	void moveUnderUnknownParentIs404() {
		TestTenant tenant = fixtures().tenant();
		JsonNode category = catalog().createCategory(tenant, "Lonely", null);
		Response response = move(tenant, id(category), 0, UUID.randomUUID());
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
	}

	@Test
	void staleVersionIs409AndTheFirstChangeStays() {
		TestTenant tenant = fixtures().tenant();
		JsonNode category = catalog().createCategory(tenant, "Bags", null);
		String path = "/admin/v1/categories/" + id(category);

		Response first = api().patch(path).bearer(tenant.ownerToken()).body(Map.of("version", 0, "name", "Handbags")).send();
		Response second = api().patch(path).bearer(tenant.ownerToken()).body(Map.of("version", 0, "name", "Totes")).send();
		Response staleMove = move(tenant, id(category), 0, null);

		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.json().path("version").asLong()).isEqualTo(1);
		assertThat(second.status()).as(second.toString()).isEqualTo(409);
		assertThat(second.problemType()).isEqualTo("stale-version");
		assertThat(staleMove.status()).isEqualTo(409);
		assertThat(staleMove.problemType()).isEqualTo("stale-version");
		JsonNode after = api().get(path).bearer(tenant.ownerToken()).send().json();
		assertThat(after.path("name").asString()).isEqualTo("Handbags");
		assertThat(after.path("version").asLong()).isEqualTo(1);
	}

	@Test
	void updateChangesOnlyTheGivenFields() {
		TestTenant tenant = fixtures().tenant();
		JsonNode category = catalog().createCategory(tenant, "Hats", null);
		Response response = api().patch("/admin/v1/categories/" + id(category))
			.bearer(tenant.ownerToken())
			.body(Map.of("version", 0, "active", false, "position", 7))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().path("active").asBoolean()).isFalse();
		assertThat(response.json().path("position").asInt()).isEqualTo(7);
		assertThat(response.json().path("name").asString()).isEqualTo("Hats");
		assertThat(response.json().path("slug").asString()).isEqualTo(category.path("slug").asString());
	}

	@Test
	void duplicateSlugIs409() {
		TestTenant tenant = fixtures().tenant();
		JsonNode existing = catalog().createCategory(tenant, "Beauty", null);
		Response response = api().post("/admin/v1/categories")
			.bearer(tenant.ownerToken())
			.body(Map.of("name", "Beauty again", "slug", existing.path("slug").asString()))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(409);
		assertThat(response.problemType()).isEqualTo("duplicate");
		assertThat(response.json().path("detail").asString()).isEqualTo("A category with this slug already exists");
	}

	@Test
	void invalidFieldsAre400WithFieldErrors() {
		TestTenant tenant = fixtures().tenant();
		Response response = api().post("/admin/v1/categories")
			.bearer(tenant.ownerToken())
			.body(Map.of("name", " ", "slug", "Not A Slug", "position", -1))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.problemType()).isEqualTo("validation-failed");
		assertThat(response.json().path("errors").findValuesAsString("field")).contains("name", "slug", "position");
	}

	@Test
	void deleteNeedsNoChildrenAndNoProducts() {
		TestTenant tenant = fixtures().tenant();
		JsonNode parent = catalog().createCategory(tenant, "Home", null);
		JsonNode child = catalog().createCategory(tenant, "Kitchen", id(parent));
		catalog().createProduct(tenant, p -> p.put("categoryId", id(child).toString()));

		Response parentDelete = api().delete("/admin/v1/categories/" + id(parent)).bearer(tenant.ownerToken()).send();
		Response childDelete = api().delete("/admin/v1/categories/" + id(child)).bearer(tenant.ownerToken()).send();

		assertThat(parentDelete.status()).as(parentDelete.toString()).isEqualTo(409);
		assertThat(parentDelete.problemType()).isEqualTo("conflict");
		assertThat(parentDelete.json().path("detail").asString()).contains("subcategories");
		assertThat(childDelete.status()).as(childDelete.toString()).isEqualTo(409);
		assertThat(childDelete.json().path("detail").asString()).contains("Products");
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.categories")).isEqualTo(2);

		JsonNode leaf = catalog().createCategory(tenant, "Garden", id(parent));
		Response leafDelete = api().delete("/admin/v1/categories/" + id(leaf)).bearer(tenant.ownerToken()).send();
		assertThat(leafDelete.status()).as(leafDelete.toString()).isEqualTo(204);
		assertThat(api().get("/admin/v1/categories/" + id(leaf)).bearer(tenant.ownerToken()).send().status())
			.isEqualTo(404);
		assertThat(api().delete("/admin/v1/categories/" + id(leaf)).bearer(tenant.ownerToken()).send().status())
			.isEqualTo(404);
	}

	@Test
	void viewersReadButCannotChange() {
		TestTenant tenant = fixtures().tenant();
		JsonNode category = catalog().createCategory(tenant, "Books", null);
		String viewer = fixtures().staffMember(tenant, "viewer");
		String staff = fixtures().staffMember(tenant, "staff");

		assertThat(api().get("/admin/v1/categories").bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().get("/admin/v1/categories/" + id(category)).bearer(viewer).send().status()).isEqualTo(200);
		Response viewerCreate = api().post("/admin/v1/categories")
			.bearer(viewer)
			.body(Map.of("name", "Nope", "slug", CatalogFixtures.unique("c-")))
			.send();
		Response viewerDelete = api().delete("/admin/v1/categories/" + id(category)).bearer(viewer).send();
		Response staffCreate = api().post("/admin/v1/categories")
			.bearer(staff)
			.body(Map.of("name", "Comics", "slug", CatalogFixtures.unique("c-")))
			.send();

		assertThat(viewerCreate.status()).isEqualTo(403);
		assertThat(viewerCreate.problemType()).isEqualTo("forbidden");
		assertThat(viewerDelete.status()).isEqualTo(403);
		assertThat(staffCreate.status()).as(staffCreate.toString()).isEqualTo(201);
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.categories")).isEqualTo(2);
	}

	private Response move(TestTenant tenant, UUID id, long version, UUID parentId) {
		Map<String, Object> body = new HashMap<>();
		body.put("version", version);
		body.put("parentId", parentId == null ? null : parentId.toString());
		return api().post("/admin/v1/categories/" + id + "/move").bearer(tenant.ownerToken()).body(body).send();
	}

}
