package io.sokoni.platform.payment.mpesa;

import io.sokoni.platform.payment.mpesa.standin.DarajaStandIn;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where Sokoni calls Daraja and where Daraja calls back. A production account always goes to the
 * production base URL. A sandbox account goes to the sandbox base URL, or, when the stand-in is
 * enabled, to this application's stand-in: the stand-in only ever serves sandbox traffic, and the start
 * is refused when the production base URL points at a stand-in (see {@link DarajaStandIn}).
 * A blank public base URL means this instance on loopback (tests on a random port).
 */
@Component
public class DarajaEndpoints {

	private final MpesaProperties props;

	private final Environment environment;

	private final boolean standIn;

	DarajaEndpoints(MpesaProperties props, Environment environment) {
		this.props = props;
		this.environment = environment;
		this.standIn = environment.getProperty("sokoni.mpesa.standin.enabled", Boolean.class, false);
		if (props.productionBaseUrl().contains(DarajaStandIn.PATH)) {
			throw new IllegalStateException("sokoni.mpesa.production-base-url points at the Daraja stand-in ("
					+ props.productionBaseUrl() + "): production accounts must call Safaricom");
		}
	}

	public String baseUrl(String accountEnvironment) {
		if ("production".equals(accountEnvironment)) {
			return props.productionBaseUrl();
		}
		return standIn ? local() + DarajaStandIn.PATH : props.sandboxBaseUrl();
	}

	public String publicBaseUrl() {
		return props.publicBaseUrl().isBlank() ? local() : props.publicBaseUrl();
	}

	private String local() {
		return "http://127.0.0.1:" + environment.getProperty("local.server.port",
				environment.getProperty("server.port", "8080"));
	}

}
