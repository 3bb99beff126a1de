package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The reconciler handles a batch's attempts one tenant after another, not one tenant's all first. */
class MpesaReconciliationOrderTest {

	@Test
	void attemptsAreTakenOneTenantAfterAnotherUntilEachTenantsAreDone() {
		Map<String, List<Integer>> byTenant = new LinkedHashMap<>();
		byTenant.put("a", List.of(1, 2, 3, 4));
		byTenant.put("b", List.of(5));
		byTenant.put("c", List.of());
		byTenant.put("d", List.of(6, 7));

		assertThat(MpesaReconciliationJob.interleaved(byTenant)).containsExactly(Map.entry("a", 1),
				Map.entry("b", 5), Map.entry("d", 6), Map.entry("a", 2), Map.entry("d", 7), Map.entry("a", 3),
				Map.entry("a", 4));
		assertThat(MpesaReconciliationJob.interleaved(Map.<String, List<Integer>>of())).isEmpty();
	}

}
