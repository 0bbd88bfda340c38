"""Which peers may say, in X-Forwarded-Proto and X-Forwarded-For, how a request reached the
proxy in front of Rectrack (over HTTPS, from which client): the addresses and networks of
RECTRACK_TRUSTED_PROXIES, whatever WSGI server runs the application.

The WSGI application (core.startup) is wrapped in `trusted_proxies`, so Waitress (one process),
Gunicorn (several) and any other server behave alike. From a trusted peer, Waitress's own
parser of the headers sets the request's scheme and client address; from any other, the
headers are removed before Django sees them, so nobody else can claim HTTPS or another
address. Django reads the scheme from the server (no SECURE_PROXY_SSL_HEADER), which makes
the SSL redirect and HSTS work behind the proxy and only there."""

import ipaddress
from collections.abc import Callable, Iterable

from rectrack.core.config import ConfigError

# The headers a trusted proxy may set; its other headers (X-Forwarded-Host ...) are removed
# like an untrusted peer's.
HEADERS = {"x-forwarded-proto", "x-forwarded-for"}

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def proxy_networks(addresses: Iterable[str], *, setting: str) -> list[Network]:
    """The networks of RECTRACK_TRUSTED_PROXIES' entries ("127.0.0.1", "10.0.0.0/8",
    "::1"); ConfigError naming the first entry that is no address."""
    networks = []
    for address in addresses:
        try:
            networks.append(ipaddress.ip_network(address, strict=False))
        except ValueError:
            raise ConfigError(
                f"{setting}: {address!r} is not an IP address or network (e.g. 127.0.0.1 or "
                "10.0.0.0/8)."
            ) from None
    return networks


def is_trusted(peer: str, networks: Iterable[Network]) -> bool:
    try:
        address = ipaddress.ip_address(peer.strip("[]"))
    except ValueError:  # a Unix socket's peer, or none
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def trusted_proxies(app: Callable, networks: list[Network]) -> Callable:
    """The WSGI application `app` honouring the proxy headers of these networks' peers only."""
    from waitress.proxy_headers import proxy_headers_middleware

    honoured = proxy_headers_middleware(
        app, trusted_proxy="*", trusted_proxy_count=1, trusted_proxy_headers=HEADERS
    )
    stripped = proxy_headers_middleware(app, trusted_proxy=None)

    def application(environ, start_response):
        peer = environ.get("REMOTE_ADDR", "")
        chosen = honoured if is_trusted(peer, networks) else stripped
        return chosen(environ, start_response)

    return application
