"""The client's address, believing X-Forwarded-For only as far as it was written by a trusted proxy."""

import ipaddress
from functools import lru_cache

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache
def trusted_networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def parse_address(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:192.0.2.1) is that IPv4 client.
    return getattr(address, "ipv4_mapped", None) or address


def client_address(request) -> str:
    """REMOTE_ADDR, or, from a trusted proxy, the rightmost X-Forwarded-For entry no trusted proxy wrote.

    Each proxy appends the address it was connected from, so the entries left of the last untrusted
    one are whatever the client sent, and are never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = parse_address(remote)
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if address is None or not any(address in network for network in networks):
        return remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = parse_address(entry)
        if hop is None:
            break  # not written by a proxy: the last address that was is the client
        address = hop
        if not any(hop in network for network in networks):
            break
    return str(address)
