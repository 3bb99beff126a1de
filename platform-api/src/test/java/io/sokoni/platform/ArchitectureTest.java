package io.sokoni.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module and layering rules of STYLE.md, checked on the compiled classes. */
class ArchitectureTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.sokoni");

	@Test
	void tenantRouterKnowsNothingOfTheApplication() {
		noClasses().that()
			.resideInAPackage("io.sokoni.tenant..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.sokoni.platform..", "io.sokoni.jooq..")
			.check(CLASSES);
	}

	@Test
	void controllersDoNotTalkSqlThemselves() {
		noClasses().that()
			.haveSimpleNameEndingWith("Controller")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.jooq..", "org.springframework.jdbc..")
			.check(CLASSES);
	}

	@Test
	void repositoriesStayInsideTheirFeature() {
		classes().that()
			.haveSimpleNameEndingWith("Repository")
			.and()
			.resideInAPackage("io.sokoni.platform..")
			.should()
			.notBePublic()
			.check(CLASSES);
	}

	@Test
	void onlyThePlatformPathTouchesThePlatformRole() {
		noClasses().that()
			.resideInAnyPackage("io.sokoni.platform.store..")
			.should()
			.dependOnClassesThat()
			.haveSimpleName("PlatformDatabase")
			.check(CLASSES);
	}

}
