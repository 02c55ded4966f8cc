"""The address a request came from, as the log-in throttle (django-axes, through
AXES_CLIENT_IP_CALLABLE) and the audit trail both record it."""

import ipaddress

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or behind TRUST_X_FORWARDED_FOR proxies the address the
    outermost of them was reached from.

    Each trusted proxy adds the address it was reached from to the right of
    X-Forwarded-For, so the client's is that many entries from the right; what
    stands further left was sent by the client and proves nothing. Without the
    setting the header is ignored, since anyone can send one.
    """
    proxies = settings.TRUST_X_FORWARDED_FOR
    if proxies > 0:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= proxies:
            try:
                return str(ipaddress.ip_address(hops[-proxies].strip()))
            except ValueError:
                pass  # not an address a proxy of ours wrote: fall back to the peer's
    return request.META.get("REMOTE_ADDR", "")
