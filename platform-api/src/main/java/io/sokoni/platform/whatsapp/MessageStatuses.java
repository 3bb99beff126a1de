package io.sokoni.platform.whatsapp;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * Status updates of outbound messages, whatever order Meta delivers them in: each (wamid, status) is kept
 * once in whatsapp_message_statuses, even before the message's wamid is known, and a message shows the
 * highest rank among its rows (sent 1, delivered 2, read 3, failed 9: failed is final); each time
 * column is the status's own time. {@link #refresh} recomputes a message from those rows, so it is
 * called after a status is recorded and after the sender stores the wamid Meta answered.
 */
public final class MessageStatuses {

	/** The rank of a status as Meta names it; empty for one Sokoni does not track. */
	public static Optional<Integer> rank(String status) {
		return Optional.ofNullable(switch (status == null ? "" : status) {
			case "sent" -> 1;
			case "delivered" -> 2;
			case "read" -> 3;
			case "failed" -> 9;
			default -> null;
		});
	}

	/**
	 * Brings outbound messages up to date with their recorded statuses: the highest rank wins, failed is
	 * final (the worker records a batch of status updates together; a send refreshes its one wamid).
	 */
	private static final String REFRESH_ALL = """
			update app.whatsapp_messages m set
			    status = case when s.rank > (case m.status when 'sent' then 1 when 'delivered' then 2
			                                               when 'read' then 3 when 'failed' then 9 else 0 end)
			                  then s.status else m.status end,
			    error_code = coalesce(s.error_code, m.error_code),
			    sent_at = coalesce(m.sent_at, s.sent_at),
			    delivered_at = coalesce(m.delivered_at, s.delivered_at),
			    read_at = coalesce(m.read_at, s.read_at),
			    failed_at = coalesce(m.failed_at, s.failed_at)
			from (select st.wamid, (array_agg(st.status order by st.rank desc))[1] as status, max(st.rank) as rank,
			             max(st.error_code) filter (where st.status = 'failed') as error_code,
			             min(st.occurred_at) filter (where st.status = 'sent') as sent_at,
			             min(st.occurred_at) filter (where st.status = 'delivered') as delivered_at,
			             min(st.occurred_at) filter (where st.status = 'read') as read_at,
			             min(st.occurred_at) filter (where st.status = 'failed') as failed_at
			      from app.whatsapp_message_statuses st
			      where st.tenant_id = ?::uuid and st.wamid = any (?::text[])
			      group by st.wamid) s
			where m.tenant_id = ?::uuid and m.wamid = s.wamid and m.direction = 'outbound'""";

	private MessageStatuses() {
	}

	/** {@link #refresh} for every wamid given, in one statement. */
	public static Query refreshAll(DSLContext dsl, UUID tenantId, java.util.Collection<String> wamids) {
		return dsl.query(REFRESH_ALL, tenantId, wamids.toArray(String[]::new), tenantId);
	}

	/**
	 * The statement bringing the bound tenant's outbound message with this wamid up to date with its
	 * recorded statuses (changes nothing when there is no such message or no status yet).
	 */
	public static Query refresh(DSLContext dsl, UUID tenantId, String wamid) {
		return refreshAll(dsl, tenantId, List.of(wamid));
	}

}
