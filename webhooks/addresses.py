"""Where a webhook may go: http(s) to public addresses only.

Checked when an organizer registers an address, and again at every send on the
addresses the name resolves to then (a name may point elsewhere by the time of the
send: DNS rebinding). The sender connects to the very address it checked. Loopback,
private, link-local (cloud metadata), shared, reserved and multicast addresses are
refused unless settings.WEBHOOKS_ALLOW_PRIVATE (for a receiver on the same machine
in the tests, or an intranet deployment that wants it).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class AddressError(Exception):
    """The address may not receive webhooks; the message says why, for the organizer."""


def url_parts(url: str) -> SplitResult:
    """The URL's parts, if it is an http(s) address with a host and no credentials."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError as error:
        raise AddressError(_("This address is not valid.")) from error
    if parts.scheme not in ("http", "https"):
        raise AddressError(_("Use an address starting with https:// (or http://)."))
    if not parts.hostname:
        raise AddressError(_("The address needs a host name."))
    if parts.username or parts.password:
        raise AddressError(
            _("Leave the user name and password out of the address: check the signature instead.")
        )
    return parts


# IPv6 ranges whose addresses carry an IPv4 one that a gateway reaches: NAT64's
# well-known prefix (RFC 6052; the IPv4 address is the last 32 bits) and 6to4.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Refused whole: NAT64 for local use (RFC 8215), the deprecated IPv4-compatible form
# (::a.b.c.d) and the deprecated site-local range, which Python counts as global.
NOT_PUBLIC_V6 = (
    ipaddress.IPv6Network("64:ff9b:1::/48"),
    ipaddress.IPv6Network("::/96"),
    ipaddress.IPv6Network("fec0::/10"),
)


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        if any(ip in network for network in NOT_PUBLIC_V6):
            return False
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global and not ip.is_multicast


def addresses_resolve(host: str, port: int) -> list[str]:
    """The host's addresses, every one of them public (unless private ones are
    allowed); raises AddressError otherwise."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise AddressError(_("The host name %(host)s cannot be found.") % {"host": host}) from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise AddressError(_("The host name %(host)s cannot be found.") % {"host": host})
    if not settings.WEBHOOKS_ALLOW_PRIVATE and not all(is_public(a) for a in addresses):
        raise AddressError(
            _(
                "%(host)s is a private, local or reserved address: webhooks go to public "
                "addresses only."
            )
            % {"host": host}
        )
    return addresses


def default_port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def url_check(url: str) -> None:
    """For the registration form: raises AddressError with the reason."""
    parts = url_parts(url)
    addresses_resolve(parts.hostname, default_port(parts))
