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
		// cores with PostgreSQL and Tomcat's poller: when the OS parks one of them, every request queued on
		// it waits. Measured on 2 cores (wrk, bench/storefront.lua and bench/checkout.sh): /ping p99 81-97 ms
		// with 2 carriers, 16 ms with 3, 11-17 ms with 4; but with 4 the OS also parks the checkouts that
		// hold a hot stock row, and a flash sale sold 82 units/s (227-273 with 2 or 3). One more carrier
		// than cores is the compromise. An explicit -D setting wins.
		if (System.getProperty(CARRIER_THREADS) == null) {
			System.setProperty(CARRIER_THREADS, String.valueOf(Runtime.getRuntime().availableProcessors() + 1));
		}
		SpringApplication.run(PlatformApplication.class, args);
	}

}
