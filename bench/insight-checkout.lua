-- bench/cart-load.lua (MODE=checkout: each cart of CARTS checked out once) paced at RATE checkouts/s
-- over THREADS threads (bench/pace.lua, which cart-load.lua loads when RATE is set), for bench/insight.sh:
-- checkout latency at a fixed load, alone and with event ingestion alongside.
dofile("bench/cart-load.lua")
