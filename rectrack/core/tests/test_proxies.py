"""X-Forwarded-Proto and X-Forwarded-For are believed from RECTRACK_TRUSTED_PROXIES only
(rectrack.core.proxies, wrapped round the WSGI application by core.startup)."""

from rectrack.core.proxies import proxy_networks, trusted_proxies


def _seen(peer: str, headers: dict, trusted: list[str]) -> dict:
    """What the application behind the wrapper finds in its environ."""
    found = {}

    def app(environ, start_response):
        found.update(environ)
        start_response("200 OK", [])
        return [b""]

    environ = {"REMOTE_ADDR": peer, "wsgi.url_scheme": "http", "SERVER_PORT": "8000"}
    environ.update(
        {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    )
    wrapped = trusted_proxies(app, proxy_networks(trusted, setting="RECTRACK_TRUSTED_PROXIES"))
    wrapped(environ, lambda status, headers: None)
    return found


FORWARDED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Host": "elsewhere.example.org",
}


def test_a_trusted_proxy_gives_the_scheme_and_the_client_address():
    seen = _seen("10.0.0.5", FORWARDED, ["10.0.0.0/8"])
    assert seen["wsgi.url_scheme"] == "https"
    assert seen["REMOTE_ADDR"] == "203.0.113.9"
    # Only the two headers are believed: another host name is nobody's word.
    assert "HTTP_X_FORWARDED_HOST" not in seen
    assert "HTTP_HOST" not in seen


def test_any_other_peer_has_its_proxy_headers_removed():
    seen = _seen("192.0.2.7", FORWARDED, ["10.0.0.0/8", "127.0.0.1"])
    assert seen["wsgi.url_scheme"] == "http"
    assert seen["REMOTE_ADDR"] == "192.0.2.7"
    assert not any(key.startswith("HTTP_X_FORWARDED") for key in seen)


def test_ipv6_and_ipv4_mapped_peers_are_recognised():
    assert _seen("::1", FORWARDED, ["::1"])["wsgi.url_scheme"] == "https"
    assert _seen("::ffff:127.0.0.1", FORWARDED, ["127.0.0.1"])["wsgi.url_scheme"] == "https"
    assert _seen("", FORWARDED, ["127.0.0.1"])["wsgi.url_scheme"] == "http"  # a Unix socket
