package io.sokoni.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
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

	/**
	 * A feature's repositories are used by that feature only (its package and sub-packages, such as
	 * payment.c2b beside payment); other features go through its public services.
	 */
	@Test
	void repositoriesStayInsideTheirFeature() {
		classes().that()
			.haveSimpleNameEndingWith("Repository")
			.and()
			.resideInAPackage("io.sokoni.platform..")
			.should(onlyBeUsedInsideTheirFeature())
			.check(CLASSES);
	}

	private static ArchCondition<JavaClass> onlyBeUsedInsideTheirFeature() {
		return new ArchCondition<>("be used only inside their feature") {
			@Override
			public void check(JavaClass repository, ConditionEvents events) {
				String feature = feature(repository);
				for (Dependency dependency : repository.getDirectDependenciesToSelf()) {
					JavaClass user = dependency.getOriginClass();
					if (!feature.equals(feature(user))) {
						events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
					}
				}
			}
		};
	}

	/** io.sokoni.platform.payment.c2b.X -> payment. */
	private static String feature(JavaClass type) {
		String rest = type.getPackageName().replaceFirst("^io\\.sokoni\\.platform\\.?", "");
		int dot = rest.indexOf('.');
		return dot < 0 ? rest : rest.substring(0, dot);
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
