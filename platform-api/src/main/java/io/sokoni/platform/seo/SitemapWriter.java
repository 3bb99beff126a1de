package io.sokoni.platform.seo;

import java.io.OutputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a sitemap ({@code urlset}) or a sitemap index ({@code sitemapindex}) element by element to a
 * stream (https://www.sitemaps.org/protocol.html): nothing of the document is held in memory, the
 * StAX writer escapes text, and the caller decides how many entries go in.
 *
 * <p>Size: an entry is at most {@value #MAX_ENTRY_BYTES} bytes (a 253-character host, a path template
 * and a 150-character slug, both ASCII, and a lastmod), so 50,000 entries stay below 32 MB, under the
 * protocol's 50 MB (uncompressed) per file.
 */
final class SitemapWriter implements AutoCloseable {

	static final String NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

	/** The most bytes one {@code <url>} entry takes (see the class comment; checked by a unit test). */
	static final int MAX_ENTRY_BYTES = 640;

	private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

	private static final DateTimeFormatter W3C = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

	private final XMLStreamWriter xml;

	private final String entryElement;

	private SitemapWriter(OutputStream out, String root, String entryElement) {
		this.entryElement = entryElement;
		try {
			this.xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
			xml.writeStartDocument("UTF-8", "1.0");
			xml.writeStartElement(root);
			xml.writeDefaultNamespace(NAMESPACE);
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException("Could not start the sitemap", ex);
		}
	}

	/** A {@code <urlset>} of page URLs. */
	static SitemapWriter urlset(OutputStream out) {
		return new SitemapWriter(out, "urlset", "url");
	}

	/** A {@code <sitemapindex>} of sitemap files. */
	static SitemapWriter index(OutputStream out) {
		return new SitemapWriter(out, "sitemapindex", "sitemap");
	}

	/** One entry: its absolute URL and, when known, when it last changed. */
	void entry(String loc, OffsetDateTime lastModified) {
		try {
			xml.writeStartElement(entryElement);
			xml.writeStartElement("loc");
			xml.writeCharacters(loc);
			xml.writeEndElement();
			if (lastModified != null) {
				xml.writeStartElement("lastmod");
				xml.writeCharacters(lastmod(lastModified));
				xml.writeEndElement();
			}
			xml.writeEndElement();
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException("Could not write the sitemap", ex);
		}
	}

	/** W3C Datetime in UTC, to the second (e.g. 2026-12-07T03:47:42Z). */
	static String lastmod(OffsetDateTime time) {
		return W3C.format(time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
	}

	@Override
	public void close() {
		try {
			xml.writeEndElement();
			xml.writeEndDocument();
			xml.flush();
			xml.close();
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException("Could not finish the sitemap", ex);
		}
	}

}
