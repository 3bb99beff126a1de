-- Caps on money and quantities, mirrored by request validation (io.sokoni.platform.Amounts): any one
-- price, fee, threshold or amount off is at most 10,000,000,000 minor units (KES 100 million), and one
-- cart or order line holds at most 1000 units. With these, line totals and order sums stay far below
-- bigint's range; the code still computes them with exact arithmetic (422 on overflow).
--
-- NOT VALID: the constraints hold for every row written from now on without refusing to migrate a
-- database that already holds an out-of-range row (an update of such a row must bring it within the cap).

alter table app.products
    add constraint products_base_price_capped check (base_price_cents <= 10000000000) not valid,
    add constraint products_compare_at_price_capped check (compare_at_price_cents <= 10000000000) not valid,
    add constraint products_cost_capped check (cost_cents <= 10000000000) not valid,
    add constraint products_listed_price_capped check (listed_price_cents <= 10000000000) not valid;

alter table app.product_variants
    add constraint product_variants_price_capped check (price_cents <= 10000000000) not valid,
    add constraint product_variants_cost_capped check (cost_cents <= 10000000000) not valid;

alter table app.cart_items
    add constraint cart_items_unit_price_capped check (unit_price_cents <= 10000000000) not valid;

alter table app.delivery_zones
    add constraint delivery_zones_fee_capped check (fee_cents <= 10000000000) not valid,
    add constraint delivery_zones_min_order_capped check (min_order_cents <= 10000000000) not valid,
    add constraint delivery_zones_free_delivery_threshold_capped
        check (free_delivery_threshold_cents <= 10000000000) not valid;

alter table app.price_rules
    add constraint price_rules_amount_off_capped check (amount_off_cents <= 10000000000) not valid,
    add constraint price_rules_min_subtotal_capped check (min_subtotal_cents <= 10000000000) not valid;

alter table app.order_items
    add constraint order_items_quantity_capped check (quantity <= 1000) not valid,
    add constraint order_items_unit_price_capped check (unit_price_cents <= 10000000000) not valid;

alter table app.delivery_orders
    add constraint delivery_orders_cost_capped check (cost_cents <= 10000000000) not valid;
