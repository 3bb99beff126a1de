package io.sokoni.platform.customer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who counts as the customer when a confirmed M-Pesa payment names its payer. */
class VerifiedPayerTest {

	@Test
	void thePayersOwnNumberInAnyFormIsTheCustomer() {
		assertThat(CustomerService.payerIs("254712345126", "+254712345126")).isTrue();
		assertThat(CustomerService.payerIs("+254712345126", "+254712345126")).isTrue();
	}

	@Test
	void aMaskedNumberIsTheCustomerOnlyWhenEveryDigitShownAgrees() {
		assertThat(CustomerService.payerIs("2547 ***** 126", "+254712345126")).isTrue();
		assertThat(CustomerService.payerIs("2547 ***** 127", "+254712345126")).isFalse();
		assertThat(CustomerService.payerIs("2541 ***** 126", "+254712345126")).isFalse();
	}

	@Test
	void anotherPayerOrNoNumberIsNotTheCustomer() {
		assertThat(CustomerService.payerIs("254799999999", "+254712345126")).isFalse();
		assertThat(CustomerService.payerIs(null, "+254712345126")).isFalse();
		assertThat(CustomerService.payerIs("***", "+254712345126")).isFalse();
		// A hashed number (C2B v1) cannot be compared.
		assertThat(CustomerService.payerIs("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
				"+254712345126")).isFalse();
	}

	@Test
	void capitalNamesAreCapitalisedPerWord() {
		assertThat(CustomerService.verifiedName("  NICHOLAS   SONGOK ")).isEqualTo("Nicholas Songok");
		assertThat(CustomerService.verifiedName("Wanjiru Kamau")).isEqualTo("Wanjiru Kamau");
		assertThat(CustomerService.verifiedName(" ")).isNull();
	}

}
