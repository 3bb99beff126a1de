/** The transactional outbox: appending events with the change they announce, and relaying them. */
package io.sokoni.platform.outbox;
