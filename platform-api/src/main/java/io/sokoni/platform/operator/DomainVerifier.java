package io.sokoni.platform.operator;

import java.util.Hashtable;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;

import org.springframework.stereotype.Component;

/**
 * Proves control of a custom domain: the merchant publishes the verification token as a TXT record at
 * {@code _sokoni-challenge.<host>}. Uses the JDK's DNS provider with short timeouts.
 */
@Component
class DomainVerifier {

	boolean hasChallengeRecord(String host, String token) {
		Hashtable<String, String> env = new Hashtable<>();
		env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
		env.put("com.sun.jndi.dns.timeout.initial", "1000");
		env.put("com.sun.jndi.dns.timeout.retries", "1");
		try {
			InitialDirContext dns = new InitialDirContext(env);
			Attributes attributes = dns.getAttributes("_sokoni-challenge." + host, new String[] { "TXT" });
			Attribute txt = attributes.get("TXT");
			if (txt == null) {
				return false;
			}
			NamingEnumeration<?> values = txt.getAll();
			while (values.hasMore()) {
				if (String.valueOf(values.next()).replace("\"", "").trim().equals(token)) {
					return true;
				}
			}
			return false;
		}
		catch (NamingException ex) {
			return false;
		}
	}

}
