package io.sokoni.platform.whatsapp.account;

import static io.sokoni.jooq.Tables.WHATSAPP_NOTIFICATION_SETTINGS;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's notification settings: one row per kind once set; a kind never set is off. Changes are
 * audited (kind, on/off, template).
 */
@Service
public class NotificationSettingsService {

	private final DSLContext dsl;

	private final AuditTrail audit;

	NotificationSettingsService(DSLContext dsl, AuditTrail audit) {
		this.dsl = dsl;
		this.audit = audit;
	}

	/** All six kinds, those never set as off without a template. */
	@Transactional(readOnly = true)
	public List<NotificationSetting> list() {
		Map<String, NotificationSetting> stored = new LinkedHashMap<>();
		dsl.selectFrom(WHATSAPP_NOTIFICATION_SETTINGS)
			.where(WHATSAPP_NOTIFICATION_SETTINGS.TENANT_ID.eq(TenantContext.require().value()))
			.forEach(r -> stored.put(r.getKind(), new NotificationSetting(r.getKind(), r.getEnabled(), r.getTemplateName(),
					r.getTemplateLanguage(), r.getUpdatedAt())));
		List<NotificationSetting> all = new ArrayList<>();
		for (String kind : NotificationSetting.KINDS) {
			all.add(stored.getOrDefault(kind, new NotificationSetting(kind, false, null, null, null)));
		}
		return all;
	}

	/** The setting of one kind (off when never set). */
	@Transactional(readOnly = true)
	public NotificationSetting find(String kind) {
		return dsl.selectFrom(WHATSAPP_NOTIFICATION_SETTINGS)
			.where(WHATSAPP_NOTIFICATION_SETTINGS.TENANT_ID.eq(TenantContext.require().value()),
					WHATSAPP_NOTIFICATION_SETTINGS.KIND.eq(kind))
			.fetchOptional(r -> new NotificationSetting(r.getKind(), r.getEnabled(), r.getTemplateName(),
					r.getTemplateLanguage(), r.getUpdatedAt()))
			.orElse(new NotificationSetting(kind, false, null, null, null));
	}

	@Transactional
	public List<NotificationSetting> save(NotificationSettingsRequest request) {
		Set<String> seen = new HashSet<>();
		List<Problems.FieldProblem> problems = new ArrayList<>();
		for (int i = 0; i < request.settings().size(); i++) {
			NotificationSettingsRequest.Setting setting = request.settings().get(i);
			if (!seen.add(setting.kind())) {
				problems.add(new Problems.FieldProblem("settings[" + i + "].kind", "is listed twice"));
			}
			if ((setting.templateName() == null) != (setting.templateLanguage() == null)) {
				problems.add(new Problems.FieldProblem("settings[" + i + "].templateLanguage",
						"a template needs both its name and its language"));
			}
		}
		if (!problems.isEmpty()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "Some notification settings are not valid",
					Map.of("errors", problems));
		}
		for (NotificationSettingsRequest.Setting setting : request.settings()) {
			dsl.insertInto(WHATSAPP_NOTIFICATION_SETTINGS)
				.set(WHATSAPP_NOTIFICATION_SETTINGS.TENANT_ID, TenantContext.require().value())
				.set(WHATSAPP_NOTIFICATION_SETTINGS.KIND, setting.kind())
				.set(WHATSAPP_NOTIFICATION_SETTINGS.ENABLED, setting.enabled())
				.set(WHATSAPP_NOTIFICATION_SETTINGS.TEMPLATE_NAME, setting.templateName())
				.set(WHATSAPP_NOTIFICATION_SETTINGS.TEMPLATE_LANGUAGE, setting.templateLanguage())
				.onConflict(WHATSAPP_NOTIFICATION_SETTINGS.TENANT_ID, WHATSAPP_NOTIFICATION_SETTINGS.KIND)
				.doUpdate()
				.set(WHATSAPP_NOTIFICATION_SETTINGS.ENABLED, setting.enabled())
				.set(WHATSAPP_NOTIFICATION_SETTINGS.TEMPLATE_NAME, setting.templateName())
				.set(WHATSAPP_NOTIFICATION_SETTINGS.TEMPLATE_LANGUAGE, setting.templateLanguage())
				.set(WHATSAPP_NOTIFICATION_SETTINGS.UPDATED_AT, DSL.currentOffsetDateTime())
				.execute();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("kind", setting.kind());
			details.put("enabled", setting.enabled());
			details.put("templateName", setting.templateName());
			details.put("templateLanguage", setting.templateLanguage());
			audit.record("whatsapp_notification_setting.changed", "whatsapp_notification_setting",
					TenantContext.require().value(), details);
		}
		return list();
	}

}
