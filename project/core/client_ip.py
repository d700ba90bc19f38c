"""The client's IP address, the one rule every throttle and login counter uses.

Without proxies in front (TRUSTED_PROXY_COUNT=0, the default) it is
REMOTE_ADDR, and X-Forwarded-For is ignored: anyone can send that header.
Behind N trusted proxies (a load balancer: 1), each proxy appends the address
it saw to X-Forwarded-For, so the client is the Nth entry from the right;
entries further left were written by the client and are ignored. DRF's own
NUM_PROXIES is set from the same setting, so both agree."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:  # did not come through all our proxies
        return remote_addr
    candidate = forwarded[-proxies]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote_addr
    return candidate
