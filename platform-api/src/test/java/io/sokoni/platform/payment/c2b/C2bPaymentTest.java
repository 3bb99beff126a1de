package io.sokoni.platform.payment.c2b;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading Daraja's C2B payloads and the account a customer typed. */
class C2bPaymentTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "1001", " 1001 ", "#1001", "# 1001", "order 1001", "ORDER1001", "ord 1001", "No. 1001",
			"no1001", "1 001", "01001" })
	void theOrderNumberIsReadCaseAndSpaceInsensitively(String typed) {
		assertThat(payment(typed).orderNumber()).contains(1001L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "1001a", "INV-1001", "0", "1001-1002", "#" })
	void anythingElseNamesNoOrder(String typed) {
		assertThat(payment(typed).orderNumber()).isEmpty();
	}

	@Test
	void darajasRealShapesAreRead() {
		Optional<C2bPayment> parsed = C2bPayment.parse(json("""
				{"TransactionType":"Pay Bill","TransID":"RKL51ZDR4F","TransTime":"20191122063845","TransAmount":"10.00",
				 "BusinessShortCode":"600638","BillRefNumber":"invoice008","InvoiceNumber":"","OrgAccountBalance":"49197.00",
				 "ThirdPartyTransID":"","MSISDN":"2547 ***** 126","FirstName":"NICHOLAS","MiddleName":"","LastName":"SONGOK"}"""));

		assertThat(parsed).contains(new C2bPayment("RKL51ZDR4F", 1_000, "invoice008", "2547 ***** 126",
				"NICHOLAS SONGOK", "600638"));
	}

	@Test
	void aNumericAmountAndAHashedMsisdnAreTakenAsTheyCome() {
		C2bPayment parsed = C2bPayment.parse(json("""
				{"TransID":"rkl51zdr4g","TransAmount":250.5,"MSISDN":"%s","BillRefNumber":"1001"}"""
			.formatted("a".repeat(64)))).orElseThrow();

		assertThat(parsed.transId()).isEqualTo("RKL51ZDR4G");
		assertThat(parsed.amountCents()).isEqualTo(25_050);
		assertThat(parsed.msisdn()).as("a hashed MSISDN is not a phone").isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"TransID\":\"RKL51ZDR4F\"}", "{\"TransID\":\"RKL51ZDR4F\",\"TransAmount\":\"ten\"}",
			"{\"TransID\":\"RKL51ZDR4F\",\"TransAmount\":\"0.00\"}", "{\"TransID\":\"RKL51ZDR4F\",\"TransAmount\":\"1.005\"}",
			"{\"TransID\":\"RKL51ZDR4F\",\"TransAmount\":\"100000000.01\"}",
			"{\"TransID\":\"bad id!\",\"TransAmount\":\"10.00\"}" })
	void aBodyWithoutAUsableReceiptOrAmountIsNotAPayment(String body) {
		assertThat(C2bPayment.parse(json(body))).isEmpty();
	}

	private static C2bPayment payment(String billRef) {
		return new C2bPayment("RKL51ZDR4F", 100, billRef, null, null, null);
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
