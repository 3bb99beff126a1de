#!/usr/bin/env python3
"""Signed WhatsApp webhook deliveries for bench/whatsapp.sh, one per line: "<X-Hub-Signature-256>\t<body>".
Bodies are shaped and escaped as Meta sends them (non-ASCII as lowercase \\u escapes, '/' as '\\/').

  whatsapp-deliveries.py mixed  COUNT TENANTS SECRET        # 3 status updates for every inbound text
  whatsapp-deliveries.py orders COUNT TENANTS SECRET SKUS   # catalog orders; SKUS: file "tenant,sku" lines
  whatsapp-deliveries.py texts  COUNT TENANTS SECRET        # inbound texts only
Phone-number id of tenant n: 100000000000 + n. Every message and status has a wamid of its own.
"""
import hashlib
import hmac
import json
import random
import sys
import time
import uuid


def meta(obj):
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    return text.replace("/", "\\/")


def envelope(n, value):
    value["messaging_product"] = "whatsapp"
    value["metadata"] = {"display_phone_number": "254700000000", "phone_number_id": str(100000000000 + n)}
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}]}


def wamid():
    return "wamid.HBgM" + uuid.uuid4().hex.upper()


def shopper():
    return "2547" + str(random.randint(10000000, 99999999))


def message(n, kind, content):
    frm = shopper()
    return envelope(n, {"contacts": [{"profile": {"name": "Wanjikū"}, "wa_id": frm}],
                        "messages": [{"from": frm, "id": wamid(), "timestamp": str(int(time.time())),
                                      "type": kind, kind: content}]})


def status(n):
    return envelope(n, {"statuses": [{"id": wamid(), "status": random.choice(["sent", "delivered", "read"]),
                                      "timestamp": str(int(time.time())), "recipient_id": shopper(),
                                      "pricing": {"billable": True, "pricing_model": "PMP", "category": "utility"}}]})


def main():
    mode, count, tenants, secret = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].encode()
    skus = {}
    if mode == "orders":
        for line in open(sys.argv[5]):
            t, s = line.strip().split(",")
            skus.setdefault(int(t), []).append(s)
    out = sys.stdout
    for i in range(count):
        n = 1 + i % tenants
        if mode == "orders":
            items = [{"product_retailer_id": s, "quantity": random.randint(1, 3), "item_price": 12.5, "currency": "KES"}
                     for s in random.sample(skus[n], random.randint(1, 3))]
            body = message(n, "order", {"catalog_id": "1234567890", "text": "Nataka hizi, asante/thanks",
                                        "product_items": items})
        elif mode == "texts" or i % 4 == 0:
            body = message(n, "text", {"body": "Habari! Bei ya kikoi ni ngapi? https://b%d.bench.localhost/p/1 café" % n})
        else:
            body = status(n)
        data = meta(body)
        signature = "sha256=" + hmac.new(secret, data.encode(), hashlib.sha256).hexdigest()
        out.write(signature + "\t" + data + "\n")


if __name__ == "__main__":
    main()
