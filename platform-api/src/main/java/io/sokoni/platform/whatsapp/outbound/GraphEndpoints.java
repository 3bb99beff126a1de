package io.sokoni.platform.whatsapp.outbound;

import io.sokoni.platform.whatsapp.standin.GraphStandIn;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The Graph API base Sokoni sends to: Meta's ({@code sokoni.whatsapp.graph.base-url} + version), or,
 * only when the stand-in is enabled (development, tests, the demo), this application's stand-in. The
 * start is refused when the configured base URL points at a stand-in: production configuration never
 * names it, it is reached only through the flag.
 */
@Component
public class GraphEndpoints {

	private final GraphProperties props;

	private final Environment environment;

	private final boolean standIn;

	GraphEndpoints(GraphProperties props, Environment environment) {
		this.props = props;
		this.environment = environment;
		this.standIn = environment.getProperty("sokoni.whatsapp.standin.enabled", Boolean.class, false);
		if (props.baseUrl().contains(GraphStandIn.PATH)) {
			throw new IllegalStateException("sokoni.whatsapp.graph.base-url points at the Graph stand-in ("
					+ props.baseUrl() + "): enable the stand-in with SOKONI_WHATSAPP_STANDIN instead");
		}
	}

	/** {@code <base>/<version>}, e.g. https://graph.facebook.com/v21.0 */
	public String versioned() {
		String base = standIn ? "http://127.0.0.1:" + environment.getProperty("local.server.port",
				environment.getProperty("server.port", "8080")) + GraphStandIn.PATH : props.baseUrl();
		return base + "/" + props.apiVersion();
	}

	public boolean standIn() {
		return standIn;
	}

}
