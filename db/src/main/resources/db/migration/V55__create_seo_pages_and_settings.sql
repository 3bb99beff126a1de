-- Sokoni schema, part 55: SEO (issue 21). Content pages served by slug (area landing, category
-- landing, blog) and each store's SEO defaults. Same rules as before: tenant_id first, primary key
-- (tenant_id, …), composite tenant foreign keys, per-tenant (here per-store) uniqueness, ENABLE + FORCE
-- row level security and the tenant policy (InitPlan form, V6).

-- A page is published when published_at is set and has come: a future date schedules it. Text limits
-- follow what search engines show (title ~60-70 characters, description ~160, kept generous) and keep
-- one page's answer small; structured_data is the page's own schema.org JSON-LD (an object or an array).
create table app.seo_pages (
    tenant_id         uuid not null references app.tenants (id),
    id                uuid not null,
    store_id          uuid not null,
    kind              text not null check (kind in ('area_landing', 'category_landing', 'blog')),
    slug              text not null check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'),
    title             text not null check (length(title) between 1 and 200),
    meta_description  text check (length(meta_description) <= 320),
    body              text not null default '' check (length(body) <= 100000),
    structured_data   jsonb check (jsonb_typeof(structured_data) in ('object', 'array')
                                   and octet_length(structured_data::text) <= 32768),
    is_indexable      boolean not null default true,
    published_at      timestamptz,
    version           bigint not null default 0,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint seo_pages_store_slug_key unique (tenant_id, store_id, slug),
    constraint seo_pages_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id)
);
-- The storefront's list and the sitemap: a store's published pages.
create index seo_pages_published_idx on app.seo_pages (tenant_id, store_id, published_at, id);

-- One row per store at most; a store without one uses the built-in defaults (index, no template).
-- robots_policy 'noindex' keeps the whole store out of search engines (robots.txt disallows all,
-- the sitemap is empty, pages say noindex).
create table app.store_seo_settings (
    tenant_id         uuid not null references app.tenants (id),
    store_id          uuid not null,
    title_template    text check (length(title_template) between 1 and 200 and position('{title}' in title_template) > 0),
    meta_description  text check (length(meta_description) <= 320),
    social_image_url  text check (length(social_image_url) <= 2000 and social_image_url ~ '^https?://[^\s]+$'),
    robots_policy     text not null default 'index' check (robots_policy in ('index', 'noindex')),
    version           bigint not null default 0,
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, store_id),
    constraint store_seo_settings_store_fkey foreign key (tenant_id, store_id) references app.stores (tenant_id, id)
);

do $$
declare
    t text;
begin
    foreach t in array array['seo_pages', 'store_seo_settings']
    loop
        execute format('alter table app.%I enable row level security', t);
        execute format('alter table app.%I force row level security', t);
        execute format('create policy tenant_isolation on app.%I '
                       'using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid)) '
                       'with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    end loop;
end
$$;

grant select, insert, update, delete on app.seo_pages, app.store_seo_settings to ${runtime_role};

-- The sitemap walks a store's live products in id order, a bounded chunk at a time (keyset), and
-- counts them to decide whether it needs an index: both from this index alone.
create index products_sitemap_idx on app.products (tenant_id, store_id, status, id) include (updated_at, slug);
