package io.sokoni.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
// For the cart abandonment and stock-hold expiry jobs; each has its own on/off switch.
@EnableScheduling
public class PlatformApplication {

	/** The JDK's setting for how many platform threads carry the virtual threads requests run on. */
	static final String CARRIER_THREADS = "jdk.virtualThreadScheduler.parallelism";

	public static void main(String[] args) {
		// The JDK carries virtual threads on one platform thread per core. Here those threads share the
		// cores with PostgreSQL and the load balancer's or poller's threads: when the OS parks one of
		// them, every request queued on it waits (wrk with bench/storefront.lua on /ping, 2 cores: p99 81-97 ms
		// with 2 carriers, 17 ms with 4). Twice as many lets the OS interleave them. An explicit -D setting wins.
		if (System.getProperty(CARRIER_THREADS) == null) {
			System.setProperty(CARRIER_THREADS, String.valueOf(2 * Runtime.getRuntime().availableProcessors()));
		}
		SpringApplication.run(PlatformApplication.class, args);
	}

}
